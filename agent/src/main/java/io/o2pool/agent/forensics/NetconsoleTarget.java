package io.o2pool.agent.forensics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One netconsole target: this node's kernel sends its console lines to one peer's agent over UDP. netpoll does no
 * ARP, so {@code remoteMac} must be the receiver's own MAC (or the broadcast address): a wrong unicast MAC is dropped
 * by the receiver's NIC ({@code forensics.md} §3).
 *
 * @param peer       the receiving peer's node name (the configfs target is named after it)
 * @param device     the interface the lines leave by ({@code eth0})
 * @param localIp    this node's address on that interface
 * @param remoteIp   the peer's address
 * @param remotePort the peer agent's netconsole UDP port
 * @param remoteMac  the peer's MAC, {@code aa:bb:cc:dd:ee:ff}
 */
public record NetconsoleTarget(String peer, String device, String localIp, String remoteIp, int remotePort,
        String remoteMac) {
    private static final Pattern MAC = Pattern.compile("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");

    public NetconsoleTarget {
        Objects.requireNonNull(peer, "peer");
        if (!NAME.matcher(peer).matches()) {
            throw new IllegalArgumentException("netconsole target for peer '" + peer
                    + "': not a node name (letters, digits, '.', '_', '-'); fix the peer's name in the cluster");
        }
        if (remoteMac == null || !MAC.matcher(remoteMac.toLowerCase(java.util.Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("netconsole target for peer " + peer + ": remote MAC '" + remoteMac
                    + "' is not aa:bb:cc:dd:ee:ff; give the receiver's MAC (cat /sys/class/net/<dev>/address on "
                    + peer + ")");
        }
        remoteMac = remoteMac.toLowerCase(java.util.Locale.ROOT);
        if (remotePort < 1 || remotePort > 65535) {
            throw new IllegalArgumentException("netconsole target for peer " + peer + ": remote port " + remotePort
                    + " is not 1-65535; fix --netconsole-port");
        }
    }

    /** The configfs directory name of this target: {@code o2pool-<peer>}. */
    public String configfsName() {
        return "o2pool-" + peer;
    }
}
