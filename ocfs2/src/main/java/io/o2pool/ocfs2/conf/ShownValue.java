package io.o2pool.ocfs2.conf;

/**
 * How a value from cluster.conf or a command line appears inside a message: control characters escaped
 * ({@code \n}, {@code \t}, {@code \x01}), so a message about a value stays on one line whatever the value holds.
 */
final class ShownValue {
    private ShownValue() {
    }

    static String of(String value) {
        StringBuilder shown = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        shown.append(String.format("\\x%02x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.toString();
    }
}
