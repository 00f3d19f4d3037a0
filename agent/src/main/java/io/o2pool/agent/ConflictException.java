package io.o2pool.agent;

/**
 * A well-formed request that contradicts the agent's state (an older generation, a commit of something not staged);
 * nothing was changed. The HTTP layer answers it with 409.
 */
public final class ConflictException extends RuntimeException {
    /** The error code of a VM lease refusal: another server holds the lease and is not dead in this one's heartbeat. */
    public static final String LEASE = "lease";
    /**
     * The error code of a live migration this server's VM driver cannot do at all (the process driver's stand-ins):
     * nothing was moved, the VM runs on here; stop it and start it on the other server instead.
     */
    public static final String CANNOT_MIGRATE = "cannot-migrate";

    private final String code;

    public ConflictException(String message) {
        this("conflict", message);
    }

    /** A refusal with its own error code (the API's {@code error}), e.g. {@link #LEASE}. */
    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The API error code: {@code conflict}, or a more precise one. */
    public String code() {
        return code;
    }
}
