package io.o2pool.ocfs2.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The changes o2pool makes to a {@link ClusterConf}, as pure functions returning the new configuration. Each does
 * what {@code o2cb} does (same checks in the same order, same messages, node_count adjusted by one) and then
 * applies the SPEC's strict rules, so a change never adds an invalid value; values already in a loaded file are
 * kept as they are. A refused change throws {@link ConfEditException} and the input is unchanged. Thread-safe.
 */
public final class ConfEditor {
    private ConfEditor() {
    }

    /** {@code o2cb add-cluster NAME}: a cluster with local heartbeat and no nodes, after the existing ones. */
    public static ClusterConf addCluster(ClusterConf conf, String name) throws ConfEditException {
        Optional<String> problem = StrictRules.clusterName(name);
        if (problem.isPresent()) {
            throw new ConfEditException(EditFailure.INVALID, problem.get());
        }
        if (conf.cluster(name).isPresent()) {
            throw new ConfEditException(EditFailure.ALREADY_EXISTS, "Cluster '" + ShownValue.of(name) + "' already exists");
        }
        return conf.plus(Cluster.named(name));
    }

    /** {@code o2cb remove-cluster NAME}: the cluster with its nodes and heartbeat regions. */
    public static ClusterConf removeCluster(ClusterConf conf, String name) throws ConfEditException {
        cluster(conf, name);
        return conf.without(name);
    }

    /** The number {@code add-node} gives a node: {@code requested}, or the lowest number no node has. */
    public static long chooseNodeNumber(Cluster cluster, OptionalLong requested) throws ConfEditException {
        if (requested.isEmpty()) {
            for (long n = 0; n <= StrictRules.MAX_NODE_NUMBER; n++) {
                if (cluster.nodeNumbered(n).isEmpty()) {
                    return n;
                }
            }
            throw new ConfEditException(EditFailure.FULL, "Cluster is full - No more nodes can be added to it");
        }
        long number = requested.getAsLong();
        Optional<String> problem = StrictRules.nodeNumber(number);
        if (problem.isPresent()) {
            throw new ConfEditException(EditFailure.OUT_OF_RANGE, problem.get());
        }
        if (cluster.nodeNumbered(number).isPresent()) {
            throw new ConfEditException(EditFailure.ALREADY_EXISTS,
                    "Choose another node number as '" + number + "' is in use");
        }
        return number;
    }

    /**
     * {@code o2cb add-node}: checks as o2cb does (cluster, IP address, number, name), then the strict rules (node
     * name form, port 1–65535, unique ip:port, same port as the other nodes, at most 255 nodes); node_count + 1.
     */
    public static ClusterConf addNode(ClusterConf conf, String clusterName, NewNode node) throws ConfEditException {
        Cluster cluster = cluster(conf, clusterName);
        require(StrictRules.ipAddress(node.ipAddress()), EditFailure.INVALID);
        long number = chooseNodeNumber(cluster, node.number());
        if (cluster.node(node.name()).isPresent()) {
            throw new ConfEditException(EditFailure.ALREADY_EXISTS, "Node '" + ShownValue.of(node.name()) + "' already exists");
        }
        require(StrictRules.nodeName(node.name()), EditFailure.INVALID);
        require(StrictRules.port(node.port()), EditFailure.OUT_OF_RANGE);
        for (Node other : cluster.nodes()) {
            if (other.name().toLowerCase(Locale.ROOT).equals(node.name().toLowerCase(Locale.ROOT))) {
                throw new ConfEditException(EditFailure.ALREADY_EXISTS, "Node '" + ShownValue.of(node.name()) + "' already exists "
                        + "as '" + ShownValue.of(other.name()) + "' (o2cb compares host names ignoring case)");
            }
            if (other.ipAddress().equals(node.ipAddress()) && other.port() == node.port()) {
                throw new ConfEditException(EditFailure.ALREADY_EXISTS, "Address " + node.ipAddress() + ":"
                        + node.port() + " is already used by node '" + ShownValue.of(other.name()) + "'");
            }
        }
        Optional<Integer> portOwner = ConfAudit.firstValidPort(cluster);
        if (portOwner.isPresent() && cluster.nodes().get(portOwner.get()).port() != node.port()) {
            Node owner = cluster.nodes().get(portOwner.get());
            throw new ConfEditException(EditFailure.INVALID, "Port number '" + node.port() + "' differs from port "
                    + owner.port() + " of node '" + ShownValue.of(owner.name()) + "'; every node of cluster '" + ShownValue.of(clusterName)
                    + "' must use the same port");
        }
        if (cluster.nodes().size() >= StrictRules.MAX_NODES) {
            throw new ConfEditException(EditFailure.FULL, "Cluster is full - No more nodes can be added to it");
        }
        List<Node> nodes = new ArrayList<>(cluster.nodes());
        nodes.add(new Node(node.name(), number, node.ipAddress(), node.port()));
        return conf.with(cluster.withNodes(nodes, adjustedCount(cluster.nodeCount() + 1, nodes.size())));
    }

    /** {@code o2cb remove-node}: the node of that name; node_count - 1. */
    public static ClusterConf removeNode(ClusterConf conf, String clusterName, String nodeName)
            throws ConfEditException {
        Cluster cluster = cluster(conf, clusterName);
        Node node = cluster.node(nodeName).orElseThrow(
                () -> new ConfEditException(EditFailure.NOT_FOUND, "Unknown node '" + ShownValue.of(nodeName) + "'"));
        List<Node> nodes = new ArrayList<>(cluster.nodes());
        nodes.remove(node);
        return conf.with(cluster.withNodes(nodes, adjustedCount(cluster.nodeCount() - 1, nodes.size())));
    }

    /** {@code o2cb add-heartbeat CLUSTER REGION}: a global heartbeat region (the filesystem UUID). */
    public static ClusterConf addHeartbeat(ClusterConf conf, String clusterName, String region)
            throws ConfEditException {
        Cluster cluster = cluster(conf, clusterName);
        if (cluster.hasHeartbeat(region)) {
            throw new ConfEditException(EditFailure.ALREADY_EXISTS,
                    "Heartbeat region '" + ShownValue.of(region) + "' already exists");
        }
        require(StrictRules.region(region), EditFailure.INVALID);
        List<HeartbeatRegion> regions = new ArrayList<>(cluster.heartbeats());
        regions.add(new HeartbeatRegion(region));
        return conf.with(cluster.withHeartbeats(regions));
    }

    /** {@code o2cb remove-heartbeat CLUSTER REGION}. */
    public static ClusterConf removeHeartbeat(ClusterConf conf, String clusterName, String region)
            throws ConfEditException {
        Cluster cluster = cluster(conf, clusterName);
        if (!cluster.hasHeartbeat(region)) {
            throw new ConfEditException(EditFailure.NOT_FOUND, "Unknown heartbeat region '" + ShownValue.of(region) + "'");
        }
        return conf.with(cluster.withHeartbeats(
                cluster.heartbeats().stream().filter(h -> !h.region().equals(region)).toList()));
    }

    /** {@code o2cb heartbeat-mode CLUSTER local|global}. */
    public static ClusterConf setHeartbeatMode(ClusterConf conf, String clusterName, HeartbeatMode mode)
            throws ConfEditException {
        return conf.with(cluster(conf, clusterName).withHeartbeatMode(mode));
    }

    /** The cluster of that name, or o2cb's {@code Unknown cluster 'X'}. */
    public static Cluster cluster(ClusterConf conf, String name) throws ConfEditException {
        return conf.cluster(name).orElseThrow(
                () -> new ConfEditException(EditFailure.NOT_FOUND, "Unknown cluster '" + ShownValue.of(name) + "'"));
    }

    /**
     * node_count after a change: o2cb's count ± 1, kept even when a file's count was already off (the tools never
     * recompute it); where that would wrap around (0 - 1, or past 4294967295) the actual number of nodes instead.
     */
    private static long adjustedCount(long count, int nodes) {
        return count < 0 || count > Cluster.MAX_LOADABLE_NODE_COUNT ? nodes : count;
    }

    private static void require(Optional<String> problem, EditFailure failure) throws ConfEditException {
        if (problem.isPresent()) {
            throw new ConfEditException(failure, problem.get());
        }
    }
}
