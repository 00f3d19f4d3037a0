package io.o2pool.ocfs2.hosts;

/**
 * Textual IPv4 addresses as glibc's {@code inet_pton(AF_INET)} accepts them (four decimal parts 0–255, no leading
 * zeros), checked without any name lookup.
 */
final class Ipv4 {
    private Ipv4() {
    }

    /** Whether {@code text} is a dotted-quad IPv4 address. */
    static boolean isValid(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether a valid IPv4 address is in 127.0.0.0/8, the loopback network. */
    static boolean isLoopback(String address) {
        return isValid(address) && address.startsWith("127.");
    }
}
