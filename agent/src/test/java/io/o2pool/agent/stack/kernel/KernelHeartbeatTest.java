package io.o2pool.agent.stack.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.HeartbeatReport;
import java.io.IOException;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kernel-side heartbeat health from what Debian 12's 6.1 kernel exposes, on data captured there (forensics.md): the
 * stalled node's {@code elapsed_time_in_ms} samples up to its fence at threshold 7 (write timeout 12 000 ms), the
 * on-disk heartbeat as {@code debugfs.ocfs2 -R hb} prints it, and {@code o2net/sock_containers}.
 */
class KernelHeartbeatTest {
    private static final Pattern FX = Pattern.compile("FX-SAMPLE up=(\\d+)\\.(\\d+) elapsed_ms=(\\d+)");

    @Test
    void theStalledNodesElapsedTimeWarnsOnceAWriteIsOverdueSevenAndAHalfSecondsBeforeItsFence() throws IOException {
        ElapsedSawtooth own = new ElapsedSawtooth(12_000);
        List<String> levels = new java.util.ArrayList<>();
        long fenceAtMs = 0;
        for (String line : KernelLinesTest.lines("fx-samples-dmsuspend.log")) {
            Matcher m = FX.matcher(line);
            if (m.find()) {
                long atMs = Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) * 10;
                own.sample(atMs, Long.parseLong(m.group(3)));
                levels.add(report(own, atMs).level());
            } else {
                var timeout = (O2cbLine.HbWriteTimeout) KernelRecord.parse(line.substring(6)).message().orElseThrow();
                fenceAtMs = 50_300 - 448 + timeout.elapsedMs(); // the last completed write, dated by the first sample
            }
        }
        // 448, 2388: within a cycle; 4300: overdue (> 2 x 2000 ms); 6336 on: past half the write timeout
        assertThat(levels).containsExactly("OK", "OK", "WARNING", "WARNING", "WARNING", "WARNING", "WARNING");
        assertThat(own.totalWrites()).as("every sample dates the same last write (±200 ms of sampling skew)").isZero();
        HeartbeatReport last = report(own, 60_780);
        assertThat(last.own().msSinceLastGoodWrite()).isEqualTo(10_776);
        assertThat(last.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("heartbeat.slow");
            assertThat(w.message()).isEqualTo("no heartbeat write completed for 10776 ms, more than half the write "
                    + "timeout of 12000 ms; the node fences itself at 12000 ms");
        });
        long firstWarningMs = 54_360;
        assertThat(fenceAtMs - firstWarningMs).as("warned this long before the fence").isEqualTo(7_504);
        assertThat(last.own().p50Ms()).as("no per-write latency on the kernel stack").isNull();
    }

    @Test
    void aWriteIsOverdueAfterTwoHeartbeatIntervalsWhateverTheWriteTimeout() {
        // {write timeout, ms since the last completed write, the first warning's message start (null: OK)}
        Object[][] table = {
            {12_000L, 2_012L, null},
            {12_000L, 3_620L, null}, // a disk throttled to 512 B/s (forensics.md §1.4): slow, not overdue
            {12_000L, 4_000L, null},
            {12_000L, 4_001L, "no heartbeat write completed for 4001 ms: o2hb writes every 2000 ms, so a write is"
                    + " overdue (half the write timeout, 6000 ms, is the kernel's own warning; the node fences itself"
                    + " at 12000 ms)"},
            {12_000L, 6_001L, "no heartbeat write completed for 6001 ms, more than half the write timeout of 12000 ms"},
            {60_000L, 4_001L, "no heartbeat write completed for 4001 ms: o2hb writes every 2000 ms, so a write is"
                    + " overdue (half the write timeout, 30000 ms,"},
            {60_000L, 30_001L, "no heartbeat write completed for 30001 ms, more than half the write timeout"},
        };
        for (Object[] row : table) {
            ElapsedSawtooth own = new ElapsedSawtooth((Long) row[0]);
            own.sample(100_000, (Long) row[1]);
            HeartbeatReport r = report(own, 100_000);
            if (row[2] == null) {
                assertThat(r.level()).as("%s", java.util.Arrays.toString(row)).isEqualTo("OK");
            } else {
                assertThat(r.warnings()).as("%s", java.util.Arrays.toString(row)).singleElement().satisfies(w -> {
                    assertThat(w.kind()).isEqualTo("heartbeat.slow");
                    assertThat(w.message()).startsWith((String) row[2]);
                });
            }
        }
    }

    @Test
    void gapsBetweenCompletedWritesAreTheKernelsLatencyFiguresWithTheirNearMisses() {
        // a sawtooth sampled every second: writes complete at 0, 2000, .., then one 8000 ms late (dm-delay-like)
        ElapsedSawtooth own = new ElapsedSawtooth(12_000);
        long[] writes = {0, 2000, 4000, 6000, 14_000, 16_000};
        for (long t = 500; t <= 17_000; t += 1000) {
            long last = 0;
            for (long w : writes) {
                if (w <= t) {
                    last = w;
                }
            }
            own.sample(t, t - last);
        }
        assertThat(own.totalWrites()).isEqualTo(5);
        assertThat(own.maxGapMs(17_000)).isEqualTo(8_000);
        assertThat(own.nearMissesHalf(17_000)).isEqualTo(1);
        assertThat(own.nearMissesThreeQuarters(17_000)).isZero();
        HeartbeatReport r = report(own, 17_000);
        assertThat(r.level()).isEqualTo("WARNING");
        assertThat(r.own().maxMs()).isEqualTo(8_000);
        assertThat(r.warnings().get(0).message()).isEqualTo("1 gaps between completed heartbeat writes in the last 60 s"
                + " were longer than half the write timeout of 12000 ms (0 longer than three quarters); longest 8000"
                + " ms: check the shared storage");
        assertThat(own.nearMissesHalf(14_000 + ElapsedSawtooth.WINDOW_MS)).as("out of the window").isZero();
        assertThat(new ElapsedSawtooth(12_000).msSinceLastGoodWrite(0)).as("never written").isNull();
    }

    @Test
    void peersSlotAgesFromTheOnDiskSeqAndTheirLastMessageFromSockContainers() throws IOException {
        Map<Integer, SlotAges.Slot> hb = SlotAges.parseHb(String.join("\n",
                KernelLinesTest.lines("debugfs-ocfs2-hb.txt")));
        assertThat(hb).hasSize(2);
        assertThat(hb.get(0)).isEqualTo(new SlotAges.Slot(0, 0, 0x6b12ff4aL, 0x86092e2b3b74f9bdL, 14_000));
        assertThat(hb.get(1).seq()).isEqualTo(0x6b12ff49L);

        var containers = SockContainers.parse(String.join("\n", KernelLinesTest.lines("o2net-sock_containers.txt")));
        assertThat(containers).singleElement().satisfies(c -> {
            assertThat(c.remoteNode()).isEqualTo("node1");
            assertThat(c.local()).isEqualTo("169.254.77.1:7777");
            assertThat(c.remote()).isEqualTo("169.254.77.2:57775");
            assertThat(c.handshakeOk()).isTrue();
            assertThat(c.dataReadyUs()).isEqualTo(35_488_233L);
            assertThat(c.lastMessageAgeMs(36_000_000L)).as("read at uptime ≈ 36 s").isEqualTo(511);
        });

        // node0's view: node1's seq as captured, then (synthetic) unchanged for 8 s while its own slot moves on
        SlotAges ages = new SlotAges();
        ages.sample(1_000, hb);
        ages.sample(2_000, Map.of(0, withSeq(hb.get(0), 0x6b12ff4cL), 1, withSeq(hb.get(1), 0x6b12ff4bL)));
        SlotAges.Slot node1 = withSeq(hb.get(1), 0x6b12ff4bL);
        for (long t = 3_000; t <= 10_000; t += 1000) {
            ages.sample(t, Map.of(1, node1));
        }
        assertThat(ages.lastChangeAgeMs(1, 10_000)).isEqualTo(8_000);
        assertThat(ages.lastChangeAgeMs(0, 10_000)).isEqualTo(8_000);
        assertThat(new SlotAges().lastChangeAgeMs(1, 0)).as("never seen changing").isNull();

        ElapsedSawtooth own = new ElapsedSawtooth(12_000);
        own.sample(9_500, 300);
        BitSet live = new BitSet();
        live.set(0);
        live.set(1);
        BitSet connected = new BitSet();
        connected.set(1);
        HeartbeatReport r = KernelHeartbeat.report("node0", Instant.EPOCH, 10_000, 36_000_000L, own, 7,
                List.of(new KernelHeartbeat.Peer("node1", 1)), ages, live, connected,
                Map.of("node1", containers.get(0)));
        assertThat(r.driver()).isEqualTo("kernel");
        assertThat(r.peers()).singleElement().isEqualTo(new HeartbeatReport.Peer("node1", 1, true, 8_000L, null,
                14_000, "CONNECTED", 511L));
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("heartbeat.peer-stale");
            assertThat(w.peer()).isEqualTo("node1");
            assertThat(w.message()).isEqualTo("the heartbeat of node1 (node 1) has not changed for 8000 ms; it is "
                    + "declared dead after 7 unchanged samples, about 14000 ms");
        });
    }

    private static SlotAges.Slot withSeq(SlotAges.Slot s, long seq) {
        return new SlotAges.Slot(s.slot(), s.node(), seq, s.generation(), s.deadMs());
    }

    private static HeartbeatReport report(ElapsedSawtooth own, long nowMs) {
        return KernelHeartbeat.report("node1", Instant.EPOCH, nowMs, nowMs * 1000, own, 7, List.of(), new SlotAges(),
                null, null, Map.of());
    }
}
