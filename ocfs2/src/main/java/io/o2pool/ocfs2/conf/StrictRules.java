package io.o2pool.ocfs2.conf;

import java.util.Optional;

/**
 * The validation rules of the SPEC for single values, which every value o2pool writes must pass (loading is more
 * lenient: see {@link ConfAudit}). Each check returns the problem as a message naming the value, in the words of
 * the {@code o2cb} tool where it has them, or empty when the value is valid. Thread-safe (stateless).
 */
public final class StrictRules {
    /** Highest o2cb node number ({@code O2NM_MAX_NODES} - 1). */
    public static final int MAX_NODE_NUMBER = 254;
    /** Most nodes a cluster can have. */
    public static final int MAX_NODES = 255;
    /** The port o2cb uses when none is given. */
    public static final int DEFAULT_PORT = 7777;
    /** Longest cluster name ({@code OCFS2_CLUSTER_NAME_LEN}). */
    public static final int MAX_CLUSTER_NAME = 16;
    /** Longest node name the kernel's node manager takes. */
    public static final int MAX_NODE_NAME = 64;
    /** Length of a heartbeat region name: a filesystem UUID in hex ({@code O2HB_MAX_REGION_NAME_LEN}). */
    public static final int REGION_LENGTH = 32;

    private StrictRules() {
    }

    /** A cluster name: 1 to 16 ASCII letters or digits ({@code o2cb add-cluster}'s rule, plus the value). */
    public static Optional<String> clusterName(String name) {
        String problem = name.isEmpty() ? "zero length"
                : name.length() > MAX_CLUSTER_NAME ? "max " + MAX_CLUSTER_NAME + " characters"
                : !name.chars().allMatch(StrictRules::isAsciiAlphanumeric)
                ? "only alpha-numeric characters allowed" : null;
        return Optional.ofNullable(problem).map(p -> "Cluster name is invalid ; " + p + " ('" + ShownValue.of(name) + "')");
    }

    /** A node name: the server's host name, 1 to 64 of {@code [A-Za-z0-9._-]}. */
    public static Optional<String> nodeName(String name) {
        if (name.isEmpty()) {
            return Optional.of("Node name cannot be zero length");
        }
        boolean valid = name.length() <= MAX_NODE_NAME
                && name.chars().allMatch(c -> isAsciiAlphanumeric(c) || c == '-' || c == '_' || c == '.');
        return valid ? Optional.empty() : Optional.of("Node name '" + ShownValue.of(name) + "' is invalid; expected the server's "
                + "host name: 1 to " + MAX_NODE_NAME + " letters, digits, '-', '_' or '.'");
    }

    /** A node number: 0 to 254. */
    public static Optional<String> nodeNumber(long number) {
        return number >= 0 && number <= MAX_NODE_NUMBER ? Optional.empty()
                : Optional.of("Nodenum should be >=0 and < " + MAX_NODES + " but is " + number);
    }

    /** An {@code ip_port}: 1 to 65535. */
    public static Optional<String> port(long port) {
        return port >= 1 && port <= 65535 ? Optional.empty()
                : Optional.of("Port number '" + port + "' is invalid; it must be between 1 and 65535");
    }

    /** An {@code ip_address}: IPv4 in dotted-quad form. */
    public static Optional<String> ipAddress(String address) {
        return Ipv4Text.isValid(address) ? Optional.empty() : Optional.of("Bad IP Address '" + ShownValue.of(address) + "'");
    }

    /**
     * A heartbeat region: the UUID of the filesystem whose heartbeat area is used, as the tools print it (32
     * upper-case hexadecimal digits); o2cb finds the device of a global heartbeat region by this UUID.
     */
    public static Optional<String> region(String region) {
        boolean valid = region.length() == REGION_LENGTH
                && region.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'F');
        return valid ? Optional.empty() : Optional.of("Heartbeat region '" + ShownValue.of(region) + "' is invalid; "
                + "expected the filesystem UUID: " + REGION_LENGTH + " upper-case hexadecimal digits such as "
                + "77D95EF51C0149D2823674FCC162CF8B");
    }

    static boolean isAsciiAlphanumeric(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
