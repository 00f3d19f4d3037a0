package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.membership.EventType;
import io.o2pool.cluster.membership.MembershipEvent;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.testkit.FakeScheduler;
import io.o2pool.testkit.cluster.LocalPool;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When the write timeout starts to count, three nodes at threshold 7 (write timeout 12 s, dead after 7 unchanged
 * samples, quorum delay (7 + 2) × 2 s = 18 s) with node1's heartbeat writes stalling at different moments: the open
 * question of a three-agent run in which a stalled node fenced for QUORUM_MINORITY about 30 s after the stall.
 *
 * <p>The kernel arms the write timeout only in {@code o2hb_arm_timeout}, which returns while
 * {@code hr_steady_iterations != 0}, and {@code o2hb_do_disk_heartbeat} calls it (after a good write of its own slot)
 * <em>before</em> it counts the iteration towards steady. So the region is steady after its third good iteration
 * (t=10 000 here) and the first arming is the fourth (t=12 000). A write that hangs before that is never timed: the
 * o2hb thread blocks in {@code o2hb_wait_on_io}, its live map freezes, the others declare the node dead after their
 * dead threshold ({@code o2hb_check_slot}), {@code o2net_hb_node_down_cb} drops their connections, and the stalled
 * node's {@code o2net_set_nn_state} reports {@code o2quo_conn_err} and, {@code O2NET_QUORUM_DELAY_MS} later,
 * {@code o2quo_hb_still_up} lets {@code o2quo_make_decision} fence it: 1 of 3 connected. o2pool does the same.
 */
class WriteTimerArmingScenarioTest {
    private static final int THRESHOLD = 7;
    private static final long WRITE_TIMEOUT_MS = 12_000;
    private static final long QUORUM_DELAY_MS = (THRESHOLD + 2) * 2000;
    private static final Instant T0 = FakeScheduler.create().now();

    @Test
    void aStallBeforeTheRegionIsSteadyIsNeverTimedAndQuorumFencesTheNode() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(5000); // node1's t=4000 write completed; it is still starting (membership changed at 2000, 4000)
            assertThat(pool.node(1).state()).isEqualTo(ClusterNode.State.STARTING);
            pool.stallDisk(1); // its t=6000 write hangs

            // every node reads before anyone writes in an instant: the others see node1's t=4000 block, its last
            // change, at t=6000, then 7 unchanged samples (8000 .. 20 000)
            pool.advanceMs(20_000 - pool.nowMs());
            for (int peer : new int[] {0, 2}) {
                assertThat(pool.events(peer, EventType.NODE_DOWN, "node1")).singleElement()
                        .extracting(MembershipEvent::time).isEqualTo(T0.plusMillis(20_000));
            }
            // node1 lost both connections at 20 000; o2quo decides the quorum delay later
            pool.advanceMs(20_000 + QUORUM_DELAY_MS - 1 - pool.nowMs());
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(1);
            assertQuorumFence(pool, 38_000);
        }
    }

    @Test
    void aStallRightAfterTheRegionBecameSteadyIsNotTimedEitherTheFirstArmingIsOneIterationLater() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(10_000); // the third good iteration without membership change: steady, but not yet armed
            assertThat(pool.node(1).state()).isEqualTo(ClusterNode.State.RUNNING);
            pool.stallDisk(1); // the t=12 000 write, which would have armed the timer, hangs
            pool.advanceMs(26_000 + QUORUM_DELAY_MS - 1 - pool.nowMs());
            assertThat(pool.events(0, EventType.NODE_DOWN, "node1")).singleElement().extracting(MembershipEvent::time)
                    .isEqualTo(T0.plusMillis(26_000));
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(1);
            assertQuorumFence(pool, 44_000); // 34 s after the stall: the three-agent run's "about 30 s"
        }
    }

    @Test
    void aStallAfterTheFirstArmingFencesForTheWriteTimeoutBeforeTheOthersTimeTheNodeOut() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(12_000); // the first good write after steady armed the write timeout
            pool.stallDisk(1);
            pool.advanceMs(WRITE_TIMEOUT_MS / 2);
            assertThat(pool.node(1).log().lines()).contains("o2hb: node 1 hb write hung for 6s on region memory-region "
                    + "(memory-region), negotiate timeout with node 0.");
            pool.advanceMs(WRITE_TIMEOUT_MS / 2 - 1);
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(1);
            assertThat(pool.nowMs()).isEqualTo(12_000 + WRITE_TIMEOUT_MS);
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
            assertThat(pool.node(1).fencer().record().message())
                    .isEqualTo("Heartbeat write timeout to device memory-region after 12000 milliseconds");
            assertThat(pool.liveSeenBy(0)).as("the others have not timed node1 out yet").contains("node1");
            pool.advance(Duration.ofMinutes(2));
            assertThat(pool.fenced()).containsExactly(1);
        }
    }

    private static void assertQuorumFence(LocalPool pool, long atMs) {
        assertThat(pool.nowMs()).isEqualTo(atMs);
        assertThat(pool.fenced()).containsExactly(1);
        assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.QUORUM_MINORITY);
        assertThat(pool.node(1).fencer().record().message()).isEqualTo("fencing this node because it is only connected "
                + "to 1 nodes and 2 is needed to make a quorum out of 3 heartbeating nodes");
        assertThat(pool.node(1).log().lines()).as("the write timeout was never armed")
                .noneMatch(l -> l.startsWith("Heartbeat write timeout") || l.contains("hb write hung"));
        pool.advance(Duration.ofMinutes(2));
        assertThat(pool.fenced()).containsExactly(1);
        assertThat(pool.liveSeenBy(0)).containsExactly("node0", "node2");
    }
}
