package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.cluster.membership.EventType;
import io.o2pool.testkit.cluster.LocalPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A node added to running nodes ({@link ClusterNode#addNode}) on fake time: they start checking its heartbeat slot
 * and take its o2net connection by the higher-connects-to-lower rule, without leaving the cluster.
 */
class AddNodeScenarioTest {
    /** Nodes 0 and 2 run a two-node cluster; node 1 (the newcomer) already lists all three. */
    private static final UnaryOperator<ClusterNodeConfig> WITHOUT_NODE1 = c -> new ClusterNodeConfig(c.clusterName(),
            c.localNodeName(), c.nodes().stream().filter(n -> n.number() != 1).toList(), c.deadThreshold(),
            c.idleTimeoutMs(), c.keepaliveDelayMs(), c.reconnectDelayMs(), c.fenceMethod(), c.fenceCommand());
    private static final NodeAddress NODE1 = new NodeAddress("node1", 1, LocalPool.ip(1), 7777);

    @Test
    void runningNodesTakeAnAddedNodeWithoutLeavingTheCluster() {
        try (LocalPool pool = LocalPool.withTweaks(3, 31, WITHOUT_NODE1, null, WITHOUT_NODE1)) {
            pool.start(0);
            pool.start(2);
            pool.advance(Duration.ofSeconds(20));
            pool.start(1);
            pool.advance(Duration.ofSeconds(20));
            // node1 sees the others heartbeat, but they neither check its slot nor take its connection
            assertThat(pool.liveSeenBy(0)).containsExactly("node0", "node2");
            assertThat(pool.liveSeenBy(1)).containsExactly("node0", "node1", "node2");
            assertThat(pool.connectedSeenBy(1)).isEmpty();

            CompletableFuture<Void> on0 = pool.node(0).addNode(NODE1);
            CompletableFuture<Void> on2 = pool.node(2).addNode(NODE1);
            pool.advanceMs(0);
            assertThat(on0).isCompleted();
            assertThat(on2).isCompleted();
            assertThat(pool.node(0).config().nodes()).contains(NODE1);
            assertThat(pool.node(0).membership().peer("node1").heartbeat())
                    .isEqualTo(io.o2pool.cluster.membership.PeerView.HeartbeatState.DEAD);

            pool.advance(Duration.ofSeconds(4)); // two changes of node1's block
            assertThat(pool.liveSeenBy(0)).containsExactly("node0", "node1", "node2");
            assertThat(pool.liveSeenBy(2)).containsExactly("node0", "node1", "node2");
            pool.advance(Duration.ofSeconds(4)); // node1's reconnect delay: it connects to node0, node2 to it
            for (int i = 0; i < 3; i++) {
                assertThat(pool.connectedSeenBy(i)).as("node%d connected", i).hasSize(2);
                assertThat(pool.node(i).state()).isEqualTo(ClusterNode.State.RUNNING);
            }
            assertThat(pool.events(0, EventType.NODE_UP, "node1")).hasSize(1);
            assertThat(pool.events(2, EventType.CONNECTED, "node1")).hasSize(1);
            // the two-node cluster never lost its members while growing
            assertThat(pool.events(0, EventType.NODE_DOWN, "node2")).isEmpty();
            assertThat(pool.events(2, EventType.DISCONNECTED, "node0")).isEmpty();
            pool.advance(Duration.ofSeconds(120));
            assertThat(pool.fenced()).isEmpty();
        }
    }

    @Test
    void refusesANodeWhoseNumberIsTakenAndAStoppedNode() {
        try (LocalPool pool = LocalPool.withTweaks(3, 31, WITHOUT_NODE1, null, WITHOUT_NODE1)) {
            pool.start(0);
            CompletableFuture<Void> clash = pool.node(0).addNode(new NodeAddress("other", 2, "127.0.1.9", 7777));
            pool.advanceMs(0);
            assertThatThrownBy(clash::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Choose another node number as '2' is in use");
            assertThat(pool.node(0).config().nodes()).extracting(NodeAddress::name).isEqualTo(List.of("node0", "node2"));

            pool.stopClean(0);
            pool.advance(Duration.ofSeconds(2));
            CompletableFuture<Void> late = pool.node(0).addNode(NODE1);
            pool.advanceMs(0);
            assertThatThrownBy(late::get).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("node node0 is STOPPED; cannot add node node1 (num 1)");
        }
    }
}
