package io.o2pool.ocfs2.conf;

/**
 * The textual IPv4 address syntax that ocfs2-tools accepts, which is glibc's {@code inet_pton(AF_INET, ...)}:
 * exactly four decimal parts 0–255 separated by dots, no leading zeros, nothing else (no IPv6, no host names).
 * Kept separate from {@link java.net.InetAddress}, which would resolve names and accept other forms.
 * Thread-safe (stateless).
 */
public final class Ipv4Text {
    private Ipv4Text() {
    }

    /** Whether {@code text} is an address {@code inet_pton(AF_INET)} accepts. */
    public static boolean isValid(String text) {
        int octets = 0;
        int current = 0;
        boolean sawDigit = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (sawDigit && current == 0) {
                    return false; // leading zero
                }
                current = current * 10 + (ch - '0');
                if (current > 255) {
                    return false;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return false;
                    }
                    sawDigit = true;
                }
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return false;
                }
                current = 0;
                sawDigit = false;
            } else {
                return false;
            }
        }
        return octets == 4 && sawDigit;
    }
}
