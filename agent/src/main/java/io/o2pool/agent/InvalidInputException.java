package io.o2pool.agent;

/**
 * A request the agent refuses before changing anything: names the request {@code field} at fault and what to
 * change, and for a text field (cluster.conf, the o2cb defaults) the 1-based line and column of the problem
 * (0 when there is none). The HTTP layer answers it with 400.
 */
public final class InvalidInputException extends RuntimeException {
    private final String field;
    private final int line;
    private final int column;

    public InvalidInputException(String field, String message) {
        this(field, message, 0, 0);
    }

    public InvalidInputException(String field, String message, int line, int column) {
        super(message);
        this.field = field;
        this.line = line;
        this.column = column;
    }

    public String field() {
        return field;
    }

    /** The 1-based line of the problem in the field's text, 0 when none. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem in the field's text, 0 when none. */
    public int column() {
        return column;
    }
}
