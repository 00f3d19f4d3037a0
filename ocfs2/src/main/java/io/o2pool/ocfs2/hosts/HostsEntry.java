package io.o2pool.ocfs2.hosts;

import java.util.List;

/**
 * One line of a hosts file: an address and the names that map to it (canonical name first, then aliases).
 *
 * @param line    1-based line number in the file
 * @param address the address as written
 * @param names   the host names on the line, in order
 */
public record HostsEntry(int line, String address, List<String> names) {
    public HostsEntry {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a hosts entry needs at least one name");
        }
    }

    /** Whether the address is IPv4 (o2cb only uses IPv4). */
    public boolean ipv4() {
        return Ipv4.isValid(address);
    }

    /** Whether the address is an IPv4 loopback address (127.0.0.0/8). */
    public boolean loopback() {
        return Ipv4.isLoopback(address);
    }

    /** Whether the line names {@code host}; host names compare case-insensitively, as the resolver does. */
    public boolean names(String host) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(host));
    }

    /** The names other than {@code host}. */
    public List<String> namesWithout(String host) {
        return names.stream().filter(n -> !n.equalsIgnoreCase(host)).toList();
    }

    /** The line as {@code address name...}, single-spaced. */
    public String text() {
        return address + " " + String.join(" ", names);
    }
}
