package io.o2pool.agent.config;

/**
 * One problem a validator found in a request field, with a message that says where and what to change, and the
 * 1-based {@code line} and {@code column} of the offending text in that field (0 when the problem has no place).
 */
public record FieldProblem(String field, String message, int line, int column) {
    /** A problem without a position in the field's text. */
    public FieldProblem(String field, String message) {
        this(field, message, 0, 0);
    }
}
