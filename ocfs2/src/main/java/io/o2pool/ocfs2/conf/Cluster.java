package io.o2pool.ocfs2.conf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code cluster:} stanza with the nodes and heartbeat regions that name it, in file (insertion) order, which
 * is also the order ocfs2-tools writes them back in. {@code nodeCount} is the file's {@code node_count} taken
 * verbatim: the tools never recompute it (add-node adds one, remove-node takes one away), so it may disagree with
 * {@code nodes().size()}. Immutable.
 */
public record Cluster(String name, HeartbeatMode heartbeatMode, long nodeCount, List<Node> nodes,
                      List<HeartbeatRegion> heartbeats) {
    /** Largest node_count libo2cb loads ({@code UINT_MAX}). */
    public static final long MAX_LOADABLE_NODE_COUNT = 0xFFFF_FFFFL;

    public Cluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(heartbeatMode, "heartbeatMode");
        nodes = List.copyOf(nodes);
        heartbeats = List.copyOf(heartbeats);
        if (nodeCount < 0 || nodeCount > MAX_LOADABLE_NODE_COUNT) {
            throw new IllegalArgumentException("node_count " + nodeCount + " cannot be stored in cluster.conf");
        }
    }

    /** A new cluster as {@code o2cb add-cluster} creates it: local heartbeat, no nodes, node_count 0. */
    public static Cluster named(String name) {
        return new Cluster(name, HeartbeatMode.LOCAL, 0, List.of(), List.of());
    }

    /** The node with exactly this name (names compare as bytes, as in libo2cb). */
    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The first node with this number, if any. */
    public Optional<Node> nodeNumbered(long number) {
        return nodes.stream().filter(n -> n.number() == number).findFirst();
    }

    /** Whether a heartbeat region of exactly this name exists. */
    public boolean hasHeartbeat(String region) {
        return heartbeats.stream().anyMatch(h -> h.region().equals(region));
    }

    public Cluster withNodes(List<Node> newNodes, long newNodeCount) {
        return new Cluster(name, heartbeatMode, newNodeCount, newNodes, heartbeats);
    }

    public Cluster withHeartbeats(List<HeartbeatRegion> newHeartbeats) {
        return new Cluster(name, heartbeatMode, nodeCount, nodes, newHeartbeats);
    }

    public Cluster withHeartbeatMode(HeartbeatMode mode) {
        return new Cluster(name, mode, nodeCount, nodes, heartbeats);
    }
}
