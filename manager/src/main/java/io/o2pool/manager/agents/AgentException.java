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
}
