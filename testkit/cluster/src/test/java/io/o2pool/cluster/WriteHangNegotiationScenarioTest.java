package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.testkit.cluster.LocalPool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The o2hb write-hang negotiation (heartbeat.c, Linux 4.7+) as timelines on fake time, three nodes, threshold 31:
 * write timeout 60 s, negotiate timer 30 s after each arming. At t=20 000 every node's write completed and armed
 * both timers; a stall from then on hangs the t=22 000 writes.
 */
class WriteHangNegotiationScenarioTest {
    private static final long WRITE_TIMEOUT_MS = 60_000;
    private static final long NEGO_MS = WRITE_TIMEOUT_MS / 2;
    private static final String REGION = "region memory-region (memory-region)";

    @Test
    void whenEveryNodesDiskHangsTheLowestNodeApprovesAndNobodyFencesUntilTheStorageIsBack() {
        try (LocalPool pool = steadyPool(3)) {
            long lastArm = pool.nowMs();
            for (int i = 0; i < 3; i++) {
                pool.stallDisk(i); // the shared storage stops completing writes
            }
            pool.advanceMs(NEGO_MS - 1);
            assertThat(pool.node(0).log().lines()).noneMatch(l -> l.contains("hb write hung"));

            pool.advanceMs(1); // t=50 000: every negotiate timer fires
            assertThat(pool.node(1).log().lines()).contains(
                    "o2hb: node 1 hb write hung for 30s on " + REGION + ", negotiate timeout with node 0.");
            assertThat(pool.node(2).log().lines()).contains(
                    "o2hb: node 2 hb write hung for 30s on " + REGION + ", negotiate timeout with node 0.");
            assertThat(pool.node(0).log().lines()).contains("o2hb: node 0 hb write hung for 30s on " + REGION + ".",
                    "o2hb: receive negotiate timeout message from node 1 on " + REGION + ".",
                    "o2hb: receive negotiate timeout message from node 2 on " + REGION + ".");
            // node 0's own timer ran first and found only itself: it looks again a second later
            assertThat(pool.node(0).log().lines()).noneMatch(l -> l.startsWith("o2hb: all nodes hb write hung"));

            pool.advanceMs(1000); // t=51 000: the master's bitmap equals the live map -> approve
            long firstApproval = pool.nowMs();
            assertThat(pool.node(0).log().lines()).contains(
                    "o2hb: all nodes hb write hung, maybe " + REGION + " is down.");
            for (int i = 1; i < 3; i++) {
                assertThat(pool.node(i).log().lines()).contains(
                        "o2hb: negotiate timeout approved by master node on " + REGION + ".");
            }

            // the hang goes on for minutes: every round (30 s + the master's 1-s look) re-arms all write timeouts
            pool.advanceMs(lastArm + WRITE_TIMEOUT_MS - pool.nowMs()); // past the original write timeout
            assertThat(pool.fenced()).isEmpty();
            pool.advance(Duration.ofMinutes(5));
            assertThat(pool.fenced()).as("nobody fences while every node hangs and they agree").isEmpty();
            long rounds = (pool.nowMs() - firstApproval) / (NEGO_MS + 1000) + 1;
            assertThat(approvals(pool, 0)).isEqualTo(rounds);
            assertThat(approvals(pool, 2)).isEqualTo(rounds);
            for (int i = 0; i < 3; i++) {
                assertThat(pool.liveSeenBy(i)).as("no slot is read while the writes hang").hasSize(3);
                assertThat(pool.connectedSeenBy(i)).as("o2net keeps its keepalives").hasSize(2);
                assertThat(pool.node(i).log().lines()).noneMatch(l -> l.startsWith("Heartbeat write timeout"));
            }

            for (int i = 0; i < 3; i++) {
                pool.releaseDisk(i); // the storage is back: the hung writes complete, o2hb_thread re-arms as usual
            }
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.fenced()).isEmpty();
            for (int i = 0; i < 3; i++) {
                assertThat(pool.liveSeenBy(i)).containsExactly("node0", "node1", "node2");
                assertThat(pool.node(i).state()).isEqualTo(ClusterNode.State.RUNNING);
            }
            assertThat(approvals(pool, 0)).as("no negotiation once writes complete again").isEqualTo(rounds);
        }
    }

    @Test
    void whenOneNodesDiskHangsTheMasterNeverApprovesAndThatNodeFencesAtTheWriteTimeout() {
        try (LocalPool pool = steadyPool(3)) {
            long lastArm = pool.nowMs();
            pool.stallDisk(1);
            pool.advanceMs(NEGO_MS);
            assertThat(pool.node(1).log().lines()).contains(
                    "o2hb: node 1 hb write hung for 30s on " + REGION + ", negotiate timeout with node 0.");
            assertThat(pool.node(0).log().lines()).contains(
                    "o2hb: receive negotiate timeout message from node 1 on " + REGION + ".");
            // the master's own good writes re-arm its timers every 2 s, which clears the reports (o2hb_arm_timeout)
            pool.advanceMs(WRITE_TIMEOUT_MS - NEGO_MS - 1);
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(1);
            assertThat(pool.nowMs()).isEqualTo(lastArm + WRITE_TIMEOUT_MS);
            assertThat(pool.fenced()).containsExactly(1);
            assertThat(pool.node(1).fencer().record().rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
            assertThat(pool.node(1).fencer().record().message())
                    .isEqualTo("Heartbeat write timeout to device memory-region after 60000 milliseconds");
            assertThat(pool.node(0).log().lines()).noneMatch(l -> l.startsWith("o2hb: all nodes hb write hung"));
            assertThat(pool.node(1).log().lines()).noneMatch(l -> l.contains("approved by master"));
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.fenced()).containsExactly(1);
        }
    }

    @Test
    void whenOnlyTheMastersDiskHangsItWaitsForReportsThatNeverComeAndFences() {
        try (LocalPool pool = steadyPool(3)) {
            long lastArm = pool.nowMs();
            pool.stallDisk(0);
            pool.advanceMs(NEGO_MS);
            assertThat(pool.node(0).log().lines()).containsOnlyOnce(
                    "o2hb: node 0 hb write hung for 30s on " + REGION + ".");
            pool.advanceMs(WRITE_TIMEOUT_MS - NEGO_MS);
            assertThat(pool.nowMs()).isEqualTo(lastArm + WRITE_TIMEOUT_MS);
            assertThat(pool.fenced()).containsExactly(0);
            assertThat(pool.node(0).fencer().record().rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
            assertThat(pool.node(0).log().lines()).noneMatch(l -> l.startsWith("o2hb: all nodes hb write hung"));
            for (int i = 1; i < 3; i++) {
                assertThat(pool.node(i).log().lines()).noneMatch(l -> l.contains("hb write hung"));
            }
        }
    }

    @Test
    void aNodeWithoutTheNegotiationAnswersNoHandlerSoNobodyIsApprovedAndEveryoneFences() {
        // node0 is the master but registers its handlers under another key, as a kernel before 4.7 has none
        try (LocalPool pool = LocalPool.withRegionNames(31, "other-region", "memory-region", "memory-region")) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(20));
            long lastArm = pool.nowMs();
            for (int i = 0; i < 3; i++) {
                pool.stallDisk(i);
            }
            pool.advanceMs(NEGO_MS);
            for (int i = 1; i < 3; i++) {
                assertThat(pool.node(i).log().lines()).contains("send NEGO_TIMEOUT msg to node 0 fail -92");
            }
            assertThat(pool.node(0).log().lines()).noneMatch(l -> l.startsWith("o2hb: receive negotiate timeout"));
            pool.advanceMs(WRITE_TIMEOUT_MS - NEGO_MS - 1);
            assertThat(pool.fenced()).isEmpty();
            pool.advanceMs(1);
            assertThat(pool.nowMs()).isEqualTo(lastArm + WRITE_TIMEOUT_MS);
            assertThat(pool.fenced()).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void aLoneNodeIsItsOwnMasterSoAHungDiskNeverFencesIt() {
        // o2hb_nego_timeout: the lowest live node is this node and the bitmap {self} equals the live map {self}
        try (LocalPool pool = steadyPool(1)) {
            pool.stallDisk(0);
            pool.advance(Duration.ofMinutes(10));
            assertThat(pool.fenced()).isEmpty();
            assertThat(pool.node(0).log().lines()).contains("o2hb: node 0 hb write hung for 30s on " + REGION + ".",
                    "o2hb: all nodes hb write hung, maybe " + REGION + " is down.");
            assertThat(pool.node(0).log().lines()).noneMatch(l -> l.startsWith("Heartbeat write timeout"));
        }
    }

    private static LocalPool steadyPool(int nodes) {
        LocalPool pool = LocalPool.of(nodes, 31);
        pool.startAll();
        pool.advance(Duration.ofSeconds(20)); // steady at t=10 000; armed by every good write since t=12 000
        for (int i = 0; i < nodes; i++) {
            assertThat(pool.node(i).state()).isEqualTo(ClusterNode.State.RUNNING);
        }
        return pool;
    }

    private static long approvals(LocalPool pool, int node) {
        List<String> lines = pool.node(node).log().lines();
        String text = node == 0 ? "o2hb: all nodes hb write hung" : "o2hb: negotiate timeout approved by master node";
        return lines.stream().filter(l -> l.startsWith(text)).count();
    }
}
