package io.o2pool.ocfs2.conf;

/** A 1-based line and column in a cluster.conf text; {@link #NONE} when a value was not read from a file. */
record ConfPosition(int line, int column) {
    static final ConfPosition NONE = new ConfPosition(0, 0);

    ConfWarning warn(String message) {
        return new ConfWarning(line, column, message);
    }

    ConfParseException error(String reason) {
        return new ConfParseException(line, column, reason);
    }
}
