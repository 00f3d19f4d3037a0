package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.membership.EventType;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.testkit.cluster.LocalPool;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Network partitions with the shared disk intact, on fake time: after the idle timeout (30 s) and the quorum
 * delay ((31 + 2) × 2 s), the kernel's quorum rule fences exactly the minority, or the half without the lowest
 * node.
 */
class QuorumScenarioTest {
    private static final long IDLE_MS = 30_000;
    private static final long QUORUM_DELAY_MS = (31 + 2) * 2000;

    @Test
    void partition01From2FencesOnly2() {
        try (LocalPool pool = connectedPool(3)) {
            long t0 = pool.nowMs();
            pool.partition(Set.of(0, 1), Set.of(2));
            pool.advanceMs(IDLE_MS + QUORUM_DELAY_MS - 2000);
            assertThat(pool.fenced()).as("nothing before the idle timeout plus the quorum delay").isEmpty();
            assertThat(pool.node(2).log().lines()).anyMatch(l -> l.startsWith(
                    "o2net: Connection to node node0 (num 0) at 127.0.1.1:7777 has been idle for 30.0 secs."));
            pool.advanceMs(4000);
            assertThat(pool.fenced()).containsExactly(2);
            assertThat(pool.node(2).fencer().record().rule()).isEqualTo(FenceRule.QUORUM_MINORITY);
            assertThat(pool.node(2).log().lines()).contains("fencing this node because it is only connected to 1 nodes"
                    + " and 2 is needed to make a quorum out of 3 heartbeating nodes");
            assertThat(pool.node(0).log().lines()).contains(
                    "not fencing this node, heartbeating: 3, connected: 2, lowest: 0 (reachable)");
            assertThat(pool.nowMs() - t0).isLessThanOrEqualTo(IDLE_MS + QUORUM_DELAY_MS + 2000);
            // the fenced node stopped heartbeating: the survivors time it out and stay up
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.liveSeenBy(0)).containsExactly("node0", "node1");
            assertThat(pool.fenced()).containsExactly(2);
        }
    }

    @Test
    void partition01From23FencesTheHalfWithoutTheLowestNode() {
        try (LocalPool pool = connectedPool(4)) {
            pool.partition(Set.of(0, 1), Set.of(2, 3));
            pool.advance(Duration.ofSeconds(120));
            assertThat(pool.fenced()).containsExactlyInAnyOrder(2, 3);
            assertThat(pool.node(3).fencer().record().rule()).isEqualTo(FenceRule.QUORUM_HALF_WITHOUT_LOWEST);
            assertThat(pool.node(3).log().lines()).contains("fencing this node because it is connected to a "
                    + "half-quorum of 2 out of 4 nodes which doesn't include the lowest active node 0");
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.fenced()).containsExactlyInAnyOrder(2, 3);
            assertThat(pool.liveSeenBy(1)).containsExactly("node0", "node1");
        }
    }

    @Test
    void partition1From023FencesOnly1() {
        try (LocalPool pool = connectedPool(4)) {
            pool.partition(Set.of(1), Set.of(0, 2, 3));
            pool.advance(Duration.ofSeconds(120));
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).log().lines()).contains("fencing this node because it is only connected to 1 nodes"
                    + " and 2 is needed to make a quorum out of 4 heartbeating nodes");
            assertThat(pool.events(1, EventType.FENCED, "node1")).hasSize(1);
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.fenced()).containsExactly(1);
        }
    }

    @Test
    void aHealthyClusterKeepsItsConnectionsAliveWithKeepalivesAndNeverGoesIdle() {
        try (LocalPool pool = connectedPool(3)) {
            pool.advance(Duration.ofMinutes(10));
            for (int i = 0; i < 3; i++) {
                assertThat(pool.connectedSeenBy(i)).hasSize(2);
                assertThat(pool.node(i).log().lines()).noneMatch(l -> l.contains("has been idle"));
                assertThat(pool.events(i).stream().filter(e -> e.type() == EventType.DISCONNECTED)).isEmpty();
            }
            assertThat(pool.fenced()).isEmpty();
        }
    }

    @Test
    void aOneNodeClusterNeverFences() {
        try (LocalPool pool = LocalPool.of(1, 7)) {
            pool.startAll();
            pool.advance(Duration.ofMinutes(10));
            assertThat(pool.liveSeenBy(0)).containsExactly("node0");
            assertThat(pool.fenced()).isEmpty();
            assertThat(pool.node(0).state()).isEqualTo(ClusterNode.State.RUNNING);
        }
    }

    @Test
    void aShortNetworkBlipThatRecoversBeforeTheDecisionFencesNobody() {
        try (LocalPool pool = connectedPool(3)) {
            pool.partition(Set.of(0, 1), Set.of(2));
            pool.advance(Duration.ofSeconds(40)); // past the idle timeout, before the quorum delay ends
            pool.heal();
            pool.advance(Duration.ofMinutes(4));
            assertThat(pool.fenced()).isEmpty();
            for (int i = 0; i < 3; i++) {
                assertThat(pool.connectedSeenBy(i)).hasSize(2);
            }
        }
    }

    private static LocalPool connectedPool(int n) {
        LocalPool pool = LocalPool.of(n, 31);
        pool.startAll();
        pool.advance(Duration.ofSeconds(20));
        for (int i = 0; i < n; i++) {
            assertThat(pool.connectedSeenBy(i)).as("node%d connected before the partition", i).hasSize(n - 1);
        }
        return pool;
    }
}
