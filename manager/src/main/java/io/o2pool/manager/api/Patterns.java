package io.o2pool.manager.api;

import java.util.regex.Pattern;

/** The syntax rules request fields share (names o2cb accepts, host names and IP literals, UUIDs). */
final class Patterns {
    private Patterns() {
    }

    /** Pool and server names: letters, digits, '.', '_', '-'; they appear in messages and (for nodes) cluster.conf. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final String NAME_HINT = "letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** A host name or an IPv4/IPv6 literal. */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]*");
    static final String HOST_HINT = "a host name or IP address";

    /** An IPv4 literal (o2net addresses are IPv4): four numbers 0-255. */
    static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    static final String IPV4_HINT = "an IPv4 address such as 192.168.3.153 (o2net uses IPv4)";

    /** o2cb cluster names: 1-16 letters or digits (o2cb add-cluster refuses anything else). */
    static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9]{1,16}");
    static final String CLUSTER_NAME_HINT = "1-16 letters or digits";

    /** An OCFS2 UUID, with or without dashes. */
    static final Pattern UUID = Pattern.compile("[0-9A-Fa-f]{32}|[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}");
    static final String UUID_HINT = "32 hex digits, with or without dashes";
}
