package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.heartbeat.HeartbeatBlock;
import io.o2pool.cluster.membership.EventType;
import io.o2pool.cluster.membership.MembershipEvent;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.testkit.FakeScheduler;
import io.o2pool.testkit.cluster.LocalPool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Disk heartbeat timelines on fake time (no sleeps, no ports): coming up, clean stop, death after the dead
 * threshold, a second writer in a slot, and a stalled write.
 */
class HeartbeatScenarioTest {

    @Test
    void threeNodesSeeEachOtherLiveAfterExactlyTwoSequenceChanges() {
        try (LocalPool pool = LocalPool.of(3, 31)) {
            pool.startAll(); // t=0: every node reads the empty region, then writes its first block (iteration 1)
            for (int i = 0; i < 3; i++) {
                assertThat(pool.liveSeenBy(i)).as("node%d at t=0", i).isEmpty();
            }
            pool.advanceMs(2000); // iteration 2: each sees every other slot change once, its own twice
            for (int i = 0; i < 3; i++) {
                assertThat(pool.liveSeenBy(i)).as("node%d after one change of the others", i).containsExactly("node" + i);
            }
            pool.advanceMs(1999);
            assertThat(pool.liveSeenBy(0)).containsExactly("node0");
            pool.advanceMs(1); // iteration 3 at t=4000: the second change of every peer -> live
            for (int i = 0; i < 3; i++) {
                assertThat(pool.liveSeenBy(i)).as("node%d after two changes", i).containsExactly("node0", "node1", "node2");
                for (int p = 0; p < 3; p++) {
                    if (p != i) {
                        List<MembershipEvent> ups = pool.events(i, EventType.NODE_UP, "node" + p);
                        assertThat(ups).hasSize(1);
                        assertThat(ups.get(0).time()).isEqualTo(FakeScheduler.create().now().plusMillis(4000));
                    }
                }
            }
            pool.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                assertThat(pool.node(i).state()).isEqualTo(ClusterNode.State.RUNNING);
                assertThat(pool.connectedSeenBy(i)).hasSize(2);
            }
        }
    }

    @Test
    void aCleanStopDropsTheNodeAtTheNextSample() {
        try (LocalPool pool = LocalPool.of(3, 31)) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20));
            pool.advanceMs(500);
            pool.stopClean(2);
            assertThat(HeartbeatBlock.decode(pool.region().snapshot(), 2 * 512).generation()).isZero();
            pool.advanceMs(1500); // the next sample of nodes 0 and 1
            for (int i = 0; i < 2; i++) {
                assertThat(pool.liveSeenBy(i)).containsExactly("node0", "node1");
                assertThat(pool.events(i, EventType.NODE_DOWN, "node2")).singleElement()
                        .extracting(MembershipEvent::reason).isEqualTo("stopped heartbeating cleanly (generation 0)");
            }
            assertThat(pool.node(2).state()).isEqualTo(ClusterNode.State.STOPPED);
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.fenced()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 31})
    void aNodeThatStopsWritingIsDeadAfterExactlyThresholdSamples(int threshold) {
        try (LocalPool pool = LocalPool.of(3, threshold)) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20)); // t=20000: node2 wrote its last block in this instant's iteration
            pool.advanceMs(500);
            pool.crash(2);
            pool.advanceMs(1500); // t=22000: nodes 0 and 1 see node2's t=20000 block, its last change
            assertThat(pool.node(0).membership().peer("node2").missedSamples()).isZero();
            pool.advanceMs(2000L * (threshold - 1)); // threshold-1 unchanged samples
            for (int i = 0; i < 2; i++) {
                assertThat(pool.node(i).membership().peer("node2").missedSamples()).isEqualTo(threshold - 1);
                assertThat(pool.liveSeenBy(i)).contains("node2");
            }
            pool.advanceMs(2000); // the threshold-th unchanged sample
            for (int i = 0; i < 2; i++) {
                assertThat(pool.liveSeenBy(i)).containsExactly("node0", "node1");
                assertThat(pool.events(i, EventType.NODE_DOWN, "node2")).singleElement()
                        .extracting(MembershipEvent::reason)
                        .isEqualTo("no heartbeat for " + threshold + " samples (dead threshold " + threshold + ")");
            }
            pool.advance(Duration.ofMinutes(5));
            assertThat(pool.fenced()).as("losing one of three nodes fences nobody").isEmpty();
        }
    }

    @Test
    void aSecondWriterInASlotFencesTheSlotsOwnerAtTheWriteTimeout() {
        try (LocalPool pool = LocalPool.of(3, 31)) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20)); // t=20000: node1's write here re-armed its write timeout last
            long lastArm = pool.nowMs();
            pool.advanceMs(1000);
            // a misconfigured host heartbeats in node 1's slot every 2 s, between node1's own writes
            long[] seq = {5_000_000};
            pool.every(2000, () -> pool.region().write(1,
                    HeartbeatBlock.prepare(seq[0]++, 1, 0xbadL, 62000, 512).encode(512)));
            pool.advanceMs(59_000 - 1); // just before lastArm + 60000
            assertThat(pool.fenced()).isEmpty();
            assertThat(pool.node(1).log().lines()).anyMatch(l -> l.startsWith(
                    "Heartbeat generation mismatch on device (memory-region): expected(1:0x"));
            pool.advanceMs(1);
            assertThat(pool.nowMs()).isEqualTo(lastArm + 60_000);
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
            assertThat(pool.node(1).log().lines()).contains(
                    "Heartbeat write timeout to device memory-region after 60000 milliseconds");
        }
    }

    @Test
    void aWriteThatStallsPastTheWriteTimeoutFencesBeforeOthersDeclareTheNodeDead() {
        try (LocalPool pool = LocalPool.of(3, 31)) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20));
            long lastArm = pool.nowMs(); // node1's write at t=20000 completed and re-armed the timeout
            pool.stallDisk(1);
            pool.advanceMs(60_000 - 1);
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(1);
            assertThat(pool.nowMs()).isEqualTo(lastArm + 60_000);
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).fencer().record().message())
                    .isEqualTo("Heartbeat write timeout to device memory-region after 60000 milliseconds");
            assertThat(pool.liveSeenBy(0)).as("the others have not timed node1 out yet").contains("node1");
            assertThat(pool.events(1, EventType.FENCED, "node1")).hasSize(1);
            pool.advance(Duration.ofSeconds(10));
            assertThat(pool.liveSeenBy(0)).doesNotContain("node1");
            assertThat(pool.fenced()).containsExactly(1);
        }
    }

    @Test
    void aNodeWhoseWritesFailWithEioFencesForTheWriteTimeoutAndTheOthersSeeItDead() {
        try (LocalPool pool = LocalPool.of(3, 31)) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20));
            long lastArm = pool.nowMs(); // node1's last good write re-armed the timeout; a failed one does not
            pool.failDisk(1);
            pool.advanceMs(60_000 - 1);
            assertThat(pool.fenced()).isEmpty();
            assertThat(pool.node(1).log().lines())
                    .anyMatch(l -> l.contains("Write error -5 on device \"memory-region\""));
            pool.advanceMs(1);
            assertThat(pool.nowMs()).isEqualTo(lastArm + 60_000);
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
            pool.advance(Duration.ofSeconds(10));
            assertThat(pool.liveSeenBy(0)).doesNotContain("node1");
            assertThat(pool.liveSeenBy(2)).doesNotContain("node1");
            assertThat(pool.fenced()).containsExactly(1);
        }
    }

    @Test
    void aStallShorterThanTheWriteTimeoutDoesNotFence() {
        try (LocalPool pool = LocalPool.of(3, 31)) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20));
            pool.stallDisk(1);
            pool.advance(Duration.ofSeconds(50));
            pool.releaseDisk(1);
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.fenced()).isEmpty();
            assertThat(pool.node(1).membership().writeLatency().maxMs()).isGreaterThanOrEqualTo(48_000);
            assertThat(pool.node(1).log().lines()).anyMatch(l -> l.contains("more than half the write timeout"));
        }
    }
}
