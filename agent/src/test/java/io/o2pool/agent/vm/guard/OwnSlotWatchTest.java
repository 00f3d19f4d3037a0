package io.o2pool.agent.vm.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.heartbeat.HeartbeatBlock;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The guard as a timeline on one fake clock: the agent writes its slot every 2 s, then is killed; the guard reads
 * every 200 ms and kills the guests one interval inside the write timeout after the last change it saw, which is
 * before the moment a survivor — sampling every 2 s, dead after threshold unchanged samples — may declare the node
 * dead, even when one of its samples came an interval early.
 */
class OwnSlotWatchTest {
    private static final int THRESHOLD = 7;

    @Test
    void killsAtTheWriteTimeoutBeforeTheSurvivorsDeadBound() {
        FakeClock clock = FakeClock.atEpochOfSeed();
        OwnSlotWatch watch = new OwnSlotWatch(clock);
        Instant lastWrite = null;
        long seq = 1000;
        for (int i = 0; i < 50; i++) { // 10 s of writes, read every 200 ms
            if (i % 10 == 0) {
                seq++;
                lastWrite = clock.instant();
            }
            watch.observe(block(seq, 0x1234));
            assertThat(watch.decide(THRESHOLD).kill()).isFalse();
            clock.advance(Duration.ofMillis(200));
        }
        // the agent is SIGKILLed right after its last write; the guard keeps reading the same bytes
        Instant killedAt = null;
        while (killedAt == null) {
            watch.observe(block(seq, 0x1234));
            if (watch.decide(THRESHOLD).kill()) {
                killedAt = clock.instant();
            }
            clock.advance(Duration.ofMillis(200));
        }
        // the earliest a survivor declares it dead: its first sample after the last write, + threshold samples
        Instant survivorsDeadBound = lastWrite.plusMillis(HeartbeatTiming.deadMs(THRESHOLD));
        assertThat(killedAt).isBefore(survivorsDeadBound);
        assertThat(Duration.between(killedAt, survivorsDeadBound)).isGreaterThanOrEqualTo(Duration.ofMillis(3600));
        // a survivor whose heartbeat caught up after a late iteration samples up to an interval early
        assertThat(killedAt).isBefore(survivorsDeadBound.minusMillis(HeartbeatTiming.REGION_TIMEOUT_MS));
        assertThat(watch.decide(THRESHOLD).reason()).contains("has not advanced", "guard bound 10000 ms",
                "write timeout 12000 ms");
    }

    @Test
    void aCleanStopKillsAtOnce() {
        FakeClock clock = FakeClock.atEpochOfSeed();
        OwnSlotWatch watch = new OwnSlotWatch(clock);
        watch.observe(block(1000, 0x1234));
        watch.observe(block(1001, 0));
        assertThat(watch.decide(THRESHOLD).kill()).isTrue();
        assertThat(watch.decide(THRESHOLD).reason()).contains("clean stop");
    }

    private static byte[] block(long seq, long generation) {
        return HeartbeatBlock.prepare(seq, 2, generation, HeartbeatTiming.deadMs(THRESHOLD), 512).encode(512);
    }
}
