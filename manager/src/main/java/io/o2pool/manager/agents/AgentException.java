package io.o2pool.manager.agents;

/**
 * An agent call failed. {@code transientFailure} sorts it: true for timeouts and refused connections worth a retry with
 * backoff, false for refusals (bad password, fingerprint mismatch, invalid config) that a retry cannot fix.
 */
public class AgentException extends RuntimeException {
    private final String server;
    private final boolean transientFailure;

    public AgentException(String server, String message, boolean transientFailure) {
        super("server " + server + ": " + message);
        this.server = server;
        this.transientFailure = transientFailure;
    }

    public AgentException(String server, String message, boolean transientFailure, Throwable cause) {
        super("server " + server + ": " + message, cause);
        this.server = server;
        this.transientFailure = transientFailure;
    }

    public String server() {
        return server;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The agent's error code (its API error's {@code error}, e.g. {@code lease}), or null when it gave none. */
    public String code() {
        return getCause() instanceof io.o2pool.agent.client.AgentClientException e && e.error() != null
                ? e.error().error() : null;
    }

    /**
     * Whether the agent refused because another server holds the VM's ownership lease and its own disk heartbeat
     * does not (yet) say that server is dead.
     */
    public boolean isLeaseRefusal() {
        return LEASE.equals(code());
    }

    /** The error code of a lease refusal (HTTP 409). */
    public static final String LEASE = "lease";
}
