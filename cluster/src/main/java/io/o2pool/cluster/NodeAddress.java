package io.o2pool.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One node of the cluster as cluster.conf's {@code node:} stanza describes it: name, number, IPv4 address and
 * port (o2net listens there and connects from that address). Immutable; validated on construction with
 * messages that say what to change.
 *
 * @param name   the node's name (the host name o2cb matches the local node by), 1..64 characters
 * @param number the node number 0..254, also its heartbeat slot
 * @param ip     dotted-quad IPv4 address
 * @param port   TCP port 1..65534 (7777 by default, the same on every node)
 */
public record NodeAddress(String name, int number, String ip, int port) {
    /** The o2cb default port. */
    public static final int DEFAULT_PORT = 7777;

    public NodeAddress {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name is empty; give every node its host name");
        }
        if (name.length() > 64) {
            throw new IllegalArgumentException("node name '" + name + "' is " + name.length()
                    + " characters; o2cb allows at most 64");
        }
        if (number < 0 || number > 254) {
            throw new IllegalArgumentException("node " + name + ": Nodenum should be >=0 and < 255 but is " + number);
        }
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("node " + name + ": port " + port
                    + " is outside 1..65534; use the cluster's port (7777 by default)");
        }
        if (ip == null || !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") || !octetsValid(ip)) {
            throw new IllegalArgumentException("node " + name + ": Bad IP Address '" + ip + "'; give a dotted IPv4 address");
        }
    }

    /** The node's address as an {@link InetAddress} (no name lookup: the address is numeric). */
    public InetAddress inetAddress() {
        try {
            return Inet4Address.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("numeric address " + ip + " did not parse", e);
        }
    }

    /** Where the node's o2net listens. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(inetAddress(), port);
    }

    /** The kernel's {@code SC_NODEF_FMT}: {@code node NAME (num N) at IP:PORT}. */
    public String describe() {
        return "node " + name + " (num " + number + ") at " + ip + ":" + port;
    }

    private static boolean octetsValid(String ip) {
        for (String part : ip.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
