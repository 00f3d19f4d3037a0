package io.o2pool.ocfs2.conf;

/**
 * Splits cluster.conf bytes into tokens exactly as glib's GScanner does with the configuration of ocfs2-tools'
 * {@code jconfig.c}: nothing skipped, identifiers are {@code [A-Za-z0-9_]+}, every other byte is a character token.
 * GScanner's quirks are kept because they decide which files load: a NUL byte ends the input, but a NUL right after
 * a one-character identifier is swallowed into it ({@code strchr(set, '\0')} matches the terminator) together with
 * the identifier characters that follow, and scanning goes on. Columns count characters, assuming UTF-8. Not
 * thread-safe.
 */
final class ConfScanner {
    private final byte[] data;
    private int pos;
    private int line = 1;
    private int column = 1;
    private ConfToken peeked;
    private boolean ended;

    ConfScanner(byte[] input) {
        this.data = input;
    }

    /** The next token without consuming it. */
    ConfToken peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    /** Consumes and returns the next token; after the end every call returns an EOF token. */
    ConfToken next() {
        ConfToken token = peek();
        peeked = null;
        return token;
    }

    private ConfToken scan() {
        ConfPosition at = new ConfPosition(line, column);
        if (ended) {
            return new ConfToken(ConfToken.Kind.EOF, 0, "", at);
        }
        int c = getChar();
        if (c == 0) {
            ended = true;
            return new ConfToken(ConfToken.Kind.EOF, 0, "", at);
        }
        if (!isIdentifierChar(c)) {
            return new ConfToken(ConfToken.Kind.CHAR, c, "", at);
        }
        StringBuilder text = new StringBuilder().append((char) c);
        int next = peekChar();
        if (next == 0 || isIdentifierChar(next)) {
            boolean cut = false;
            do {
                int ch = getChar();
                if (ch == 0) {
                    cut = true;
                } else if (!cut) {
                    text.append((char) ch);
                }
                next = peekChar();
            } while (next != 0 && isIdentifierChar(next));
        }
        return new ConfToken(ConfToken.Kind.IDENT, 0, text.toString(), at);
    }

    static boolean isIdentifierChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private int peekChar() {
        return pos < data.length ? data[pos] & 0xFF : 0;
    }

    private int getChar() {
        if (pos >= data.length) {
            return 0;
        }
        int c = data[pos++] & 0xFF;
        if (c == '\n') {
            line++;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            column++; // UTF-8 continuation bytes do not start a new character
        }
        return c;
    }
}
