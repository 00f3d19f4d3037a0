package io.o2pool.ocfs2.conf;

/**
 * One token of the cluster.conf scanner: end of input, a single byte ("character"), or an identifier (a run of
 * {@code [A-Za-z0-9_]}). {@code ch} is the byte value for {@link Kind#CHAR}; {@code text} the identifier as C sees
 * it (cut at a swallowed NUL) for {@link Kind#IDENT}.
 */
record ConfToken(Kind kind, int ch, String text, ConfPosition position) {
    enum Kind { EOF, CHAR, IDENT }

    boolean isChar(int c) {
        return kind == Kind.CHAR && ch == c;
    }

    boolean isBlank() {
        return kind == Kind.CHAR && (ch == ' ' || ch == '\t');
    }

    /** How the token reads in an error message: {@code 'x'}, a named control character, or the identifier. */
    String describe() {
        return switch (kind) {
            case EOF -> "the end of the file";
            case IDENT -> "'" + text + "'";
            case CHAR -> describeChar(ch);
        };
    }

    static String describeChar(int c) {
        return switch (c) {
            case '\n' -> "the end of the line";
            case '\r' -> "a carriage return (CRLF line endings are not accepted; save the file with LF endings)";
            case '\t' -> "a tab";
            case ' ' -> "a space";
            default -> c < 0x20 || c == 0x7F ? String.format("the control character 0x%02X", c)
                    : c >= 0x80 ? "a non-ASCII character" : "'" + (char) c + "'";
        };
    }
}
