package io.o2pool.ocfs2.conf;

import java.util.Objects;

/**
 * One {@code node:} stanza: a server of the cluster with its o2cb node number and the address its o2net listens on.
 * Values are held as loaded, even those o2pool's strict rules refuse (a number of 300, a port of 99999: see
 * {@link StrictRules}); the ranges below are only what the file format itself can hold (libo2cb's limits).
 *
 * @param name      the node name, which o2cb matches against the host name to find the local node
 * @param number    the o2cb node number, {@code 0 ≤ number < 2147483647} in a file, 0–254 when valid
 * @param ipAddress the IPv4 address in dotted-quad form, exactly as written in the file
 * @param port      the TCP port ({@code ip_port}), {@code 0 ≤ port ≤ 4294967295} in a file, 1–65535 when valid
 */
public record Node(String name, long number, String ipAddress, long port) {
    /** Largest number libo2cb loads ({@code INT_MAX - 1}). */
    public static final long MAX_LOADABLE_NUMBER = Integer.MAX_VALUE - 1L;
    /** Largest port libo2cb loads ({@code UINT_MAX}). */
    public static final long MAX_LOADABLE_PORT = 0xFFFF_FFFFL;

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ipAddress, "ipAddress");
        if (number < 0 || number > MAX_LOADABLE_NUMBER) {
            throw new IllegalArgumentException("node number " + number + " cannot be stored in cluster.conf");
        }
        if (port < 0 || port > MAX_LOADABLE_PORT) {
            throw new IllegalArgumentException("port " + port + " cannot be stored in cluster.conf");
        }
    }

    /** {@code ip_address:ip_port}, the identity of the node on the network. */
    public String endpoint() {
        return ipAddress + ":" + port;
    }
}
