package io.o2pool.ocfs2.conf;

/**
 * A cluster.conf that ocfs2-tools 1.8.7 refuses to load (syntax error, missing or malformed required value,
 * duplicate node name ...), or that o2pool cannot represent. Carries the 1-based line and column of the offending
 * text (0 when the problem has no place, e.g. an unreadable file) and a reason that says what was expected.
 */
public final class ConfParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public ConfParseException(int line, int column, String reason) {
        super(line > 0 ? "line " + line + ", column " + column + ": " + reason : reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column (in characters) of the problem. */
    public int column() {
        return column;
    }

    /** What is wrong and what was expected, without the position. */
    public String reason() {
        return reason;
    }
}
