package io.o2pool.cluster.bench;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.membership.EventType;
import io.o2pool.cluster.membership.MembershipEvent;
import io.o2pool.cluster.run.NodeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * Real nodes for the benchmark: node {@code i} is {@code n<i>} at 127.0.1.(i+1) on one port, all heartbeating
 * on one region folder, any subset of them running in this JVM. Records every membership event.
 */
final class BenchCluster implements AutoCloseable {
    final List<NodeAddress> addresses;
    final Path region;
    final int threshold;
    final int port;
    final ClusterNode[] nodes;
    final List<MembershipEvent> events = new CopyOnWriteArrayList<>();

    BenchCluster(int count, Path region, int threshold, int port) {
        this.addresses = IntStream.range(0, count)
                .mapToObj(i -> new NodeAddress("n" + i, i, "127.0.1." + (i + 1), port)).toList();
        this.region = region;
        this.threshold = threshold;
        this.port = port;
        this.nodes = new ClusterNode[count];
    }

    /** Builds and starts node {@code i} in this JVM. */
    ClusterNode start(int i) throws IOException {
        ClusterNodeConfig cfg = ClusterNodeConfig.defaults("n" + i, addresses).withDeadThreshold(threshold);
        ClusterNode node = NodeFactory.build(cfg, region, null, events::add);
        nodes[i] = node;
        node.start();
        return node;
    }

    /** Kills node {@code i} like a crash (no goodbye block) and releases its resources. */
    void crash(int i) {
        nodes[i].crash();
        sleepMs(200);
        nodes[i].close();
        nodes[i] = null;
    }

    /** First event of {@code type} about {@code peer} reported by {@code observer} at or after {@code since}. */
    MembershipEvent first(String observer, EventType type, String peer, Instant since) {
        for (MembershipEvent e : events) {
            if (e.node().equals(observer) && e.type() == type && e.peer().equals(peer) && !e.time().isBefore(since)) {
                return e;
            }
        }
        return null;
    }

    /** Node-down events about nodes that were neither killed nor stopped cleanly (false deaths). */
    long falseDeaths(List<String> killed) {
        return events.stream().filter(e -> e.type() == EventType.NODE_DOWN && !killed.contains(e.peer())
                && !e.reason().startsWith("local heartbeat stopped")
                && !e.reason().startsWith("stopped heartbeating cleanly")).count();
    }

    /** Nodes running in this JVM. */
    List<ClusterNode> running() {
        List<ClusterNode> out = new ArrayList<>();
        for (ClusterNode n : nodes) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (ClusterNode n : running()) {
            try {
                n.stop().get();
            } catch (Exception ignored) {
                // best effort
            }
            n.close();
        }
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
