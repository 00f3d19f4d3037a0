package io.o2pool.agent;

/**
 * A well-formed request that contradicts the agent's state (an older generation, a commit of something not staged);
 * nothing was changed. The HTTP layer answers it with 409.
 */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
