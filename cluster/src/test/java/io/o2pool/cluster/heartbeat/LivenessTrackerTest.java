package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.heartbeat.SlotCheck.Change;
import io.o2pool.cluster.heartbeat.SlotCheck.DownReason;
import io.o2pool.testkit.O2hbCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The o2hb_check_slot rules, fed the kernel's captures and synthetic samples. */
class LivenessTrackerTest {
    private final ClusterLog log = new ClusterLog("test", LivenessTrackerTest.class);

    @Test
    void kernelCapturesInOrderShowBothNodesLiveThenCleanlyGone() {
        LivenessTracker tracker = new LivenessTracker(31, "capture", log);
        byte[] empty = new byte[256 * 512];
        for (int n = 0; n < 2; n++) {
            tracker.populate(n, empty, n * 512);
        }
        byte[] live = O2hbCaptures.bytes(O2hbCaptures.LIVE);
        byte[] later = O2hbCaptures.bytes(O2hbCaptures.LIVE_4S_LATER);
        byte[] stopped = O2hbCaptures.bytes(O2hbCaptures.AFTER_CLEAN_STOP);
        for (int n = 0; n < 2; n++) {
            assertThat(tracker.check(n, live, n * 512, 512).change()).as("first change of node %d", n).isEqualTo(Change.NONE);
        }
        for (int n = 0; n < 2; n++) {
            assertThat(tracker.check(n, later, n * 512, 512).change()).as("second change of node %d", n).isEqualTo(Change.UP);
        }
        assertThat(tracker.liveNodes().cardinality()).isEqualTo(2);
        for (int n = 0; n < 2; n++) {
            SlotCheck gone = tracker.check(n, stopped, n * 512, 512);
            assertThat(gone.change()).isEqualTo(Change.DOWN);
            assertThat(gone.downReason()).isEqualTo(DownReason.CLEAN_STOP);
        }
        assertThat(tracker.liveNodes().isEmpty()).isTrue();
        assertThat(log.lines()).noneMatch(l -> l.contains("dead count"));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 31})
    void aNodeThatStopsWritingIsDeadAfterExactlyThresholdUnchangedSamples(int threshold) {
        LivenessTracker tracker = new LivenessTracker(threshold, "region", log);
        byte[] region = new byte[512];
        tracker.populate(1, region, 0);
        write(region, 100, 5, threshold);
        assertThat(tracker.check(1, region, 0, 512).change()).isEqualTo(Change.NONE);
        write(region, 102, 5, threshold);
        assertThat(tracker.check(1, region, 0, 512).change()).isEqualTo(Change.UP);
        write(region, 104, 5, threshold); // one more beat: the node is live in steady state, then stops writing
        assertThat(tracker.check(1, region, 0, 512).equalSamples()).isZero();
        for (int sample = 1; sample < threshold; sample++) {
            SlotCheck c = tracker.check(1, region, 0, 512);
            assertThat(c.change()).as("unchanged sample %d of %d", sample, threshold).isEqualTo(Change.NONE);
            assertThat(c.equalSamples()).isEqualTo(sample);
        }
        SlotCheck dead = tracker.check(1, region, 0, 512);
        assertThat(dead.change()).isEqualTo(Change.DOWN);
        assertThat(dead.downReason()).isEqualTo(DownReason.MISSED_SAMPLES);
        assertThat(dead.equalSamples()).isEqualTo(threshold);
    }

    @Test
    void aNodeThatStopsRightAfterComingUpNeedsOneSampleMoreAsInTheKernel() {
        // o2hb_check_slot leaves ds_changed_samples at 2 when a node comes up; the next unchanged sample
        // then resets both counters, so the first miss does not count.
        LivenessTracker tracker = new LivenessTracker(7, "region", log);
        byte[] region = new byte[512];
        tracker.populate(1, region, 0);
        write(region, 100, 5, 7);
        tracker.check(1, region, 0, 512);
        write(region, 102, 5, 7);
        tracker.check(1, region, 0, 512);
        for (int sample = 1; sample <= 7; sample++) {
            assertThat(tracker.check(1, region, 0, 512).change()).as("sample %d", sample).isEqualTo(Change.NONE);
        }
        assertThat(tracker.check(1, region, 0, 512).change()).isEqualTo(Change.DOWN);
    }

    @Test
    void anyChangeResetsTheMissedCount() {
        LivenessTracker tracker = new LivenessTracker(7, "region", log);
        byte[] region = new byte[512];
        tracker.populate(1, region, 0);
        write(region, 100, 5, 7);
        tracker.check(1, region, 0, 512);
        write(region, 102, 5, 7);
        tracker.check(1, region, 0, 512);
        for (int i = 0; i < 6; i++) {
            tracker.check(1, region, 0, 512);
        }
        write(region, 116, 5, 7);
        assertThat(tracker.check(1, region, 0, 512).equalSamples()).isZero();
        for (int i = 0; i < 6; i++) {
            assertThat(tracker.check(1, region, 0, 512).change()).isEqualTo(Change.NONE);
        }
        assertThat(tracker.check(1, region, 0, 512).change()).isEqualTo(Change.DOWN);
    }

    @Test
    void aBadCrcOnALiveSlotCountsAsAMissAndIsLoggedLikeTheKernel() {
        LivenessTracker tracker = new LivenessTracker(7, "/shared/heartbeat", log);
        byte[] region = new byte[512];
        tracker.populate(2, region, 0);
        write(region, 100, 9, 7);
        tracker.check(2, region, 0, 512);
        write(region, 102, 9, 7);
        tracker.check(2, region, 0, 512);
        write(region, 104, 9, 7);
        tracker.check(2, region, 0, 512);
        write(region, 106, 9, 7);
        region[100] = 1; // corrupt the tail
        SlotCheck c = tracker.check(2, region, 0, 512);
        assertThat(c.badCrc()).isTrue();
        assertThat(c.equalSamples()).isEqualTo(1);
        assertThat(log.lines()).contains("Node 2 has written a bad crc to /shared/heartbeat");
    }

    @Test
    void aDifferentDeadCountIsReportedWhenTheNodeComesUp() {
        LivenessTracker tracker = new LivenessTracker(31, "/r", log);
        byte[] region = new byte[512];
        tracker.populate(1, region, 0);
        write(region, 100, 9, 7);
        tracker.check(1, region, 0, 512);
        write(region, 102, 9, 7);
        tracker.check(1, region, 0, 512);
        assertThat(log.lines()).anyMatch(l -> l.startsWith(
                "Node 1 on device /r has a dead count of 14000 ms, but our count is 62000 ms."));
    }

    @Test
    void staleBlocksOfANodeThatDiedBeforeUsStartedNeverMakeItLive() {
        LivenessTracker tracker = new LivenessTracker(7, "r", log);
        byte[] region = new byte[512];
        write(region, 500, 3, 7);
        tracker.populate(1, region, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(tracker.check(1, region, 0, 512).change()).isEqualTo(Change.NONE);
        }
    }

    private static void write(byte[] region, long seq, long generation, int threshold) {
        byte[] b = HeartbeatBlock.prepare(seq, 1, generation, threshold * 2000, 512).encode(512);
        System.arraycopy(b, 0, region, 0, 512);
    }
}
