package io.o2pool.ocfs2.mount;

/**
 * A mount table line that cannot be read; the message names the source and the line number and can be shown as it
 * is.
 */
public final class MountTableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    public MountTableException(String source, int line, String problem) {
        super(source + " line " + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number of the bad line. */
    public int line() {
        return line;
    }
}
