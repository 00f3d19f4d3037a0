package io.o2pool.agent;

/**
 * A well-formed request that contradicts the agent's state (an older generation, a commit of something not staged);
 * nothing was changed. The HTTP layer answers it with 409.
 */
public final class ConflictException extends RuntimeException {
    /** The error code of a VM lease refusal: another server holds the lease and is not dead in this one's heartbeat. */
    public static final String LEASE = "lease";

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
