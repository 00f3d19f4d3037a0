package io.o2pool.agent;

/**
 * A request the agent refuses before changing anything: names the request {@code field} at fault and what to
 * change. The HTTP layer answers it with 400.
 */
public final class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
