package io.o2pool.manager.planner;

import io.o2pool.manager.model.HeartbeatMode;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A desired O2CB cluster: name, port, heartbeat mode and nodes sorted by number. The constructor enforces the SPEC rules
 * (numbers 0–254 and unique, names unique, addresses unique, at most 255 nodes) so an invalid cluster.conf can never be
 * rendered.
 */
public record ClusterSpec(String clusterName, int ipPort, HeartbeatMode heartbeatMode, List<NodeSpec> nodes) {
    public static final int MAX_NODE_NUMBER = 254;

    public ClusterSpec {
        if (clusterName == null || !clusterName.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("cluster name '" + clusterName
                    + "' must be 1-16 letters or digits (o2cb's rule)");
        }
        if (ipPort < 1 || ipPort > 65535) {
            throw new IllegalArgumentException("ip_port " + ipPort + " is outside 1-65535");
        }
        nodes = nodes.stream().sorted(Comparator.comparingInt(NodeSpec::number)).toList();
        if (nodes.size() > MAX_NODE_NUMBER + 1) {
            throw new IllegalArgumentException(nodes.size() + " nodes exceed the O2CB limit of 255");
        }
        Set<Integer> numbers = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (NodeSpec n : nodes) {
            if (n.number() < 0 || n.number() > MAX_NODE_NUMBER) {
                throw new IllegalArgumentException("node " + n.nodeName() + ": number " + n.number()
                        + " is outside 0-" + MAX_NODE_NUMBER);
            }
            if (!numbers.add(n.number())) {
                throw new IllegalArgumentException("node " + n.nodeName() + ": number " + n.number() + " is taken");
            }
            if (n.nodeName() == null || !n.nodeName().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("node name '" + n.nodeName() + "' is not a valid host name");
            }
            if (!names.add(n.nodeName())) {
                throw new IllegalArgumentException("node name " + n.nodeName() + " appears twice");
            }
            if (!addresses.add(n.ipAddress())) {
                throw new IllegalArgumentException("node " + n.nodeName() + ": address " + n.ipAddress() + ":"
                        + ipPort + " is used by another node");
            }
        }
    }

    /** This cluster with one more node. */
    public ClusterSpec with(NodeSpec node) {
        var more = new java.util.ArrayList<>(nodes);
        more.add(node);
        return new ClusterSpec(clusterName, ipPort, heartbeatMode, more);
    }

    /** This cluster without the node of the given server. */
    public ClusterSpec without(String server) {
        return new ClusterSpec(clusterName, ipPort, heartbeatMode,
                nodes.stream().filter(n -> !n.server().equals(server)).toList());
    }

    public Set<Integer> numbers() {
        Set<Integer> used = new HashSet<>();
        nodes.forEach(n -> used.add(n.number()));
        return used;
    }
}
