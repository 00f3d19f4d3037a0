package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.health.HealthLevel;
import io.o2pool.cluster.health.HealthWarning;
import io.o2pool.cluster.health.HeartbeatHealth;
import io.o2pool.cluster.health.PeerHealth;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.testkit.cluster.LocalPool;
import org.junit.jupiter.api.Test;

/**
 * Heartbeat health seen coming before a fence, as timelines on fake time: three nodes at threshold 7 (write timeout
 * 12 000 ms, dead bound 7 × 2000 = 14 000 ms). The memory region completes writes at once (latency 0); a slow disk is
 * a stall released later.
 */
class HeartbeatHealthScenarioTest {
    private static final int THRESHOLD = 7;

    @Test
    void aHealthyPoolIsOkWithEveryPeerLiveConnectedAndRecentlyChanged() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(20_000);
            HeartbeatHealth h = pool.node(1).healthNow();
            assertThat(h.level()).isEqualTo(HealthLevel.OK);
            assertThat(h.warnings()).isEmpty();
            assertThat(h.own().writeTimeoutArmed()).isTrue();
            assertThat(h.own().writeTimeoutMs()).isEqualTo(12_000);
            assertThat(h.own().msSinceLastGoodWrite()).isBetween(0L, 2000L);
            assertThat(h.own().writes()).isEqualTo(11); // t = 0, 2000, .., 20 000
            assertThat(h.own().maxMs()).isZero();
            assertThat(h.peers()).extracting(PeerHealth::name).containsExactly("node0", "node2");
            for (PeerHealth p : h.peers()) {
                assertThat(p.live()).isTrue();
                assertThat(p.lastChangeAgeMs()).isBetween(0L, 2000L);
                assertThat(p.deadBoundMs()).isEqualTo(14_000);
                assertThat(p.connection()).isEqualTo("CONNECTED");
                assertThat(p.lastMessageAgeMs()).as("keepalives every 2000 ms").isBetween(0L, 2000L);
            }
        }
    }

    @Test
    void aStalledWriterWarnsAtHalfTheWriteTimeoutItsPeersSeeItStaleAndItFencesAtTheWriteTimeout() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(20_000); // armed long since; the t=20 000 writes completed
            pool.stallDisk(1);      // the t=22 000 write hangs
            pool.advanceMs(6_000);  // t=26 000: 6000 ms since the last good write, exactly half
            assertThat(pool.node(1).healthNow().level()).isEqualTo(HealthLevel.OK);
            pool.advanceMs(1);
            HeartbeatHealth warned = pool.node(1).healthNow();
            assertThat(warned.level()).isEqualTo(HealthLevel.WARNING);
            assertThat(warned.own().writePendingMs()).isEqualTo(4_001);
            assertThat(warned.warnings()).singleElement().satisfies(w -> {
                assertThat(w.kind()).isEqualTo(HealthWarning.Kind.SLOW_WRITE);
                assertThat(w.message()).isEqualTo("no heartbeat write completed for 6001 ms, more than half the write"
                        + " timeout of 12000 ms; the node fences itself at 12000 ms");
            });
            // node0 read node1's t=20 000 block at t=20 000 (reads come before writes in an instant: at 22 000)
            pool.advanceMs(30_000 - pool.nowMs());
            HeartbeatHealth survivor = pool.node(0).healthNow();
            PeerHealth node1 = survivor.peers().stream().filter(p -> p.name().equals("node1")).findFirst().orElseThrow();
            assertThat(node1.live()).isTrue();
            assertThat(node1.lastChangeAgeMs()).isEqualTo(8_000);
            assertThat(node1.missedSamples()).isEqualTo(4);
            assertThat(survivor.warnings()).singleElement().satisfies(w -> {
                assertThat(w.kind()).isEqualTo(HealthWarning.Kind.PEER_STALE);
                assertThat(w.peer()).isEqualTo("node1");
            });
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(32_000 - pool.nowMs());
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
        }
    }

    @Test
    void aSlowWriteThatCompletesIsANearMissKeptForTheWindowWithoutAFence() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(20_000);
            pool.stallDisk(1);
            pool.advanceMs(2_000 + 9_500); // the t=22 000 write waits 9500 ms: more than three quarters
            pool.releaseDisk(1);
            HeartbeatHealth h = pool.node(1).healthNow();
            assertThat(h.own().maxMs()).isEqualTo(9_500);
            assertThat(h.own().nearMissesHalf()).isEqualTo(1);
            assertThat(h.own().nearMissesThreeQuarters()).isEqualTo(1);
            assertThat(h.own().msSinceLastGoodWrite()).isZero();
            assertThat(h.warnings()).singleElement().satisfies(w -> assertThat(w.message()).startsWith(
                    "1 heartbeat writes in the last 60 s took more than half the write timeout of 12000 ms (1 more than"
                            + " three quarters); slowest 9500 ms"));
            pool.advanceMs(59_999);
            assertThat(pool.node(1).healthNow().level()).isEqualTo(HealthLevel.WARNING);
            pool.advanceMs(1);
            HeartbeatHealth later = pool.node(1).healthNow();
            assertThat(later.level()).as("the near miss left the window").isEqualTo(HealthLevel.OK);
            assertThat(later.own().totalNearMissesThreeQuarters()).isEqualTo(1);
            assertThat(pool.fenced()).isEmpty();
        }
    }

    @Test
    void aStallBeforeTheFirstArmingWarnsThatTheWriteTimeoutIsNotArmedAndQuorumDecides() {
        try (LocalPool pool = LocalPool.of(3, THRESHOLD)) {
            pool.startAll();
            pool.advanceMs(10_000); // steady, not yet armed (the kernel arms from the next good write on)
            assertThat(pool.node(1).healthNow().own().writeTimeoutArmed()).isFalse();
            pool.stallDisk(1);
            pool.advanceMs(7_000);
            HeartbeatHealth h = pool.node(1).healthNow();
            assertThat(h.own().writeTimeoutArmed()).isFalse();
            assertThat(h.warnings()).singleElement().satisfies(w -> assertThat(w.message()).endsWith(
                    "the write timeout is not armed yet (the first good write after the region is steady arms it): "
                    + "the others' dead threshold and quorum decide"));
            pool.advanceMs(44_000 - pool.nowMs());
            assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.QUORUM_MINORITY);
        }
    }
}
