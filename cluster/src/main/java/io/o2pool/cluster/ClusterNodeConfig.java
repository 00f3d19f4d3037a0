package io.o2pool.cluster;

import io.o2pool.cluster.fence.FenceMethod;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbTimeoutProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything one node of the cluster stack needs: the cluster's nodes (as cluster.conf lists them), which of
 * them this node is, the o2cb timeouts that must be identical on every node, and the fence method. Immutable;
 * validated in the constructor with the o2cb limits ({@link O2cbTimeoutProblem#check}, the minimums of the
 * {@code ocfs2} module's {@link io.o2pool.ocfs2.defaults.O2cbSetting} table), each message naming the value and how
 * to fix it.
 *
 * @param clusterName        the cluster's name (1..16 alphanumeric characters, default {@code ocfs2})
 * @param localNodeName      the name of this node in {@code nodes}
 * @param nodes              every node of the cluster (at most 255)
 * @param deadThreshold      heartbeat dead threshold in 2-second iterations (O2CB_HEARTBEAT_THRESHOLD)
 * @param idleTimeoutMs      o2net idle timeout (O2CB_IDLE_TIMEOUT_MS)
 * @param keepaliveDelayMs   o2net keepalive delay (O2CB_KEEPALIVE_DELAY_MS, below the idle timeout)
 * @param reconnectDelayMs   o2net reconnect delay (O2CB_RECONNECT_DELAY_MS)
 * @param fenceMethod        what fencing does after the node has stopped heartbeating
 * @param fenceCommand       the operator's command for {@link FenceMethod#COMMAND} (empty otherwise)
 */
public record ClusterNodeConfig(String clusterName, String localNodeName, List<NodeAddress> nodes, int deadThreshold,
        int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs, FenceMethod fenceMethod,
        List<String> fenceCommand) {

    public ClusterNodeConfig {
        nodes = List.copyOf(nodes);
        fenceCommand = List.copyOf(fenceCommand);
        if (clusterName == null || !clusterName.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("cluster name '" + clusterName
                    + "' is invalid; use 1 to 16 alpha-numeric characters (default ocfs2)");
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the cluster has no nodes; list at least this node");
        }
        if (nodes.size() > HeartbeatTiming.MAX_NODES) {
            throw new IllegalArgumentException("the cluster has " + nodes.size() + " nodes; o2cb allows at most 255");
        }
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (NodeAddress n : nodes) {
            if (!names.add(n.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Node '" + n.name() + "' already exists; give every node a unique name");
            }
            if (!numbers.add(n.number())) {
                throw new IllegalArgumentException("node " + n.name() + ": Choose another node number as '" + n.number()
                        + "' is in use");
            }
            if (!addresses.add(n.ip() + ":" + n.port())) {
                throw new IllegalArgumentException("node " + n.name() + ": address " + n.ip() + ":" + n.port()
                        + " is already used by another node; give every node its own address");
            }
        }
        if (nodes.stream().noneMatch(n -> n.name().equalsIgnoreCase(localNodeName))) {
            throw new IllegalArgumentException("local node '" + localNodeName + "' is not among the cluster's nodes "
                    + nodes.stream().map(NodeAddress::name).toList() + "; add it to cluster.conf or pass its name");
        }
        O2cbTimeoutProblem.first(deadThreshold, idleTimeoutMs, keepaliveDelayMs, reconnectDelayMs).ifPresent(p -> {
            throw new IllegalArgumentException(p.message());
        });
        if (fenceMethod == null) {
            throw new IllegalArgumentException("no fence method; use stop (default), command or reboot");
        }
        if (fenceMethod == FenceMethod.COMMAND && fenceCommand.isEmpty()) {
            throw new IllegalArgumentException("fence method 'command' needs a command; give the operator's fence command");
        }
    }

    /** The o2cb defaults ({@link O2cbDefaults#defaults()}: cluster {@code ocfs2} and the four default timeouts), fence by stop. */
    public static ClusterNodeConfig defaults(String localNodeName, List<NodeAddress> nodes) {
        O2cbDefaults d = O2cbDefaults.defaults();
        return new ClusterNodeConfig(O2cbDefaults.DEFAULT_CLUSTER, localNodeName, nodes, d.heartbeatThreshold(), d.idleTimeoutMs(),
                d.keepaliveDelayMs(), d.reconnectDelayMs(), FenceMethod.STOP, List.of());
    }

    /** This configuration with another dead threshold. */
    public ClusterNodeConfig withDeadThreshold(int threshold) {
        return new ClusterNodeConfig(clusterName, localNodeName, nodes, threshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs, fenceMethod, fenceCommand);
    }

    /** This configuration with other o2net timeouts. */
    public ClusterNodeConfig withNetTimeouts(int idleMs, int keepaliveMs, int reconnectMs) {
        return new ClusterNodeConfig(clusterName, localNodeName, nodes, deadThreshold, idleMs, keepaliveMs, reconnectMs,
                fenceMethod, fenceCommand);
    }

    /** This configuration with another fence method (and command, for {@link FenceMethod#COMMAND}). */
    public ClusterNodeConfig withFence(FenceMethod method, List<String> command) {
        return new ClusterNodeConfig(clusterName, localNodeName, nodes, deadThreshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs, method, command);
    }

    /**
     * This configuration with {@code added} after the existing nodes, validated like any other: its name, number and
     * address must be new, and the cluster must stay within 255 nodes.
     */
    public ClusterNodeConfig withNode(NodeAddress added) {
        List<NodeAddress> grown = new ArrayList<>(nodes);
        grown.add(added);
        return new ClusterNodeConfig(clusterName, localNodeName, grown, deadThreshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs, fenceMethod, fenceCommand);
    }

    /** This configuration for another local node of the same cluster. */
    public ClusterNodeConfig forNode(String name) {
        return new ClusterNodeConfig(clusterName, name, nodes, deadThreshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs, fenceMethod, fenceCommand);
    }

    /** This node's entry. */
    public NodeAddress localNode() {
        return nodes.stream().filter(n -> n.name().equalsIgnoreCase(localNodeName)).findFirst().orElseThrow();
    }

    /** The node numbered {@code number}, or null. */
    public NodeAddress nodeByNumber(int number) {
        return nodes.stream().filter(n -> n.number() == number).findFirst().orElse(null);
    }

    /** The heartbeat write timeout, 2000 × (threshold − 1) ms. */
    public int writeTimeoutMs() {
        return HeartbeatTiming.writeTimeoutMs(deadThreshold);
    }
}
