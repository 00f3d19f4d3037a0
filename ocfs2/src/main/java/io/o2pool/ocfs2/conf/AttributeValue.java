package io.o2pool.ocfs2.conf;

/**
 * Reads the rest of an attribute line after its key, with jconfig's state machine: blanks, then {@code =}, then
 * blanks, then the value up to the end of the line. A backslash before the newline continues the value on the next
 * line (the newline is kept in the value); a backslash before anything else is kept as it is; a backslash just
 * before the end of the file is dropped.
 */
record AttributeValue(String text, ConfPosition position) {
    private enum State { KEY, EQUALS, VALUE }

    static AttributeValue read(ConfScanner scanner, ConfToken key) throws ConfParseException {
        State state = State.KEY;
        boolean continued = false;
        StringBuilder value = new StringBuilder();
        ConfPosition valuePosition = key.position();
        while (true) {
            ConfToken token = scanner.peek();
            if (token.kind() == ConfToken.Kind.EOF) {
                if (state == State.KEY) {
                    throw missingEquals(key, token);
                }
                return new AttributeValue(value.toString(), valuePosition);
            }
            scanner.next();
            if (token.kind() == ConfToken.Kind.IDENT) {
                if (state == State.KEY) {
                    throw missingEquals(key, token);
                }
                if (state == State.EQUALS) {
                    state = State.VALUE;
                    valuePosition = token.position();
                }
                if (continued) {
                    value.append('\\');
                    continued = false;
                }
                value.append(token.text());
                continue;
            }
            int c = token.ch();
            if (c == '\n') {
                if (state == State.KEY) {
                    throw missingEquals(key, token);
                }
                if (!continued) {
                    return new AttributeValue(value.toString(), valuePosition);
                }
                value.append('\n');
                continued = false;
            } else if (continued) {
                value.append('\\');
                continued = c == '\\';
                if (!continued) {
                    value.append((char) c);
                }
            } else if (state == State.KEY) {
                if (c == '=') {
                    state = State.EQUALS;
                } else if (!token.isBlank()) {
                    throw missingEquals(key, token);
                }
            } else if (state == State.EQUALS) {
                if (!token.isBlank()) {
                    state = State.VALUE;
                    valuePosition = token.position();
                    continued = c == '\\';
                    if (!continued) {
                        value.append((char) c);
                    }
                }
            } else {
                continued = c == '\\';
                if (!continued) {
                    value.append((char) c);
                }
            }
        }
    }

    private static ConfParseException missingEquals(ConfToken key, ConfToken found) {
        return found.position().error("expected '=' after the attribute name '" + key.text() + "', but found "
                + found.describe());
    }
}
