package io.o2pool.agent.stack.kernel;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * This kernel node's own heartbeat writes, from samples of {@code /sys/kernel/debug/o2hb/<region>/elapsed_time_in_ms}
 * (ms since the last heartbeat write that completed with the own slot intact: {@code hr_last_timeout_start}, the
 * start of the write timeout). The kernel exposes no per-write latency, but each sample dates the last completed write
 * exactly ({@code sampled at − elapsed}), so the gaps between completed writes are known: 2000 ms plus how late the
 * write was. A gap longer than half (three quarters) of the write timeout is a near miss, and the elapsed time itself
 * is what the write timeout fences at. Healthy, the file is a 0-2000 ms sawtooth; a stalled disk makes it grow about
 * 1000 ms per second up to the write timeout (forensics.md §1.4). Not thread-safe: one sampler thread.
 */
public final class ElapsedSawtooth {
    /** The window of the gap figures, as the userspace stack's. */
    public static final long WINDOW_MS = 60_000;
    /** Two samples date the same write when their estimates differ by less than this: the sample time and the file are
     * read one after the other (±200 ms under TCG in forensics.md §2.3), while writes are 2000 ms apart. */
    static final long SAME_WRITE_MS = 500;

    private record Gap(long atMs, long gapMs) {
    }

    private final long writeTimeoutMs;
    private final Deque<Gap> gaps = new ArrayDeque<>();
    private long lastWriteMs = Long.MIN_VALUE;
    private long lastSampleMs = Long.MIN_VALUE;
    private long lastElapsedMs = -1;
    private long totalWrites;
    private long totalHalf;
    private long totalThreeQuarters;

    public ElapsedSawtooth(long writeTimeoutMs) {
        this.writeTimeoutMs = writeTimeoutMs;
    }

    /**
     * One sample: at monotonic {@code atMs} the file said {@code elapsedMs}; 0 means no write has completed yet (the
     * kernel prints 0 while {@code hr_last_timeout_start} was never set).
     */
    public void sample(long atMs, long elapsedMs) {
        lastSampleMs = atMs;
        lastElapsedMs = elapsedMs;
        if (elapsedMs <= 0) {
            return;
        }
        long writeMs = atMs - elapsedMs;
        if (lastWriteMs == Long.MIN_VALUE) {
            lastWriteMs = writeMs;
            return;
        }
        if (writeMs - lastWriteMs < SAME_WRITE_MS) {
            return;
        }
        long gap = writeMs - lastWriteMs;
        gaps.addLast(new Gap(writeMs, gap));
        totalWrites++;
        if (gap > writeTimeoutMs / 2) {
            totalHalf++;
        }
        if (gap > writeTimeoutMs * 3 / 4) {
            totalThreeQuarters++;
        }
        lastWriteMs = writeMs;
        while (!gaps.isEmpty() && gaps.peekFirst().atMs() <= atMs - WINDOW_MS) {
            gaps.removeFirst();
        }
    }

    /** The write timeout these figures are judged against. */
    public long writeTimeoutMs() {
        return writeTimeoutMs;
    }

    /** ms since the last completed write at monotonic {@code nowMs}; null before the first sample of one. */
    public Long msSinceLastGoodWrite(long nowMs) {
        return lastElapsedMs <= 0 ? null : lastElapsedMs + Math.max(0, nowMs - lastSampleMs);
    }

    /** Completed writes seen in the window (each one dated by a sample after it). */
    public int writes(long nowMs) {
        return (int) inWindow(nowMs).count();
    }

    /** The longest gap between two completed writes in the window; null without one. */
    public Long maxGapMs(long nowMs) {
        return inWindow(nowMs).mapToLong(Gap::gapMs).boxed().max(Long::compare).orElse(null);
    }

    /** Gaps in the window longer than half the write timeout. */
    public int nearMissesHalf(long nowMs) {
        return (int) inWindow(nowMs).filter(g -> g.gapMs() > writeTimeoutMs / 2).count();
    }

    /** Gaps in the window longer than three quarters of the write timeout. */
    public int nearMissesThreeQuarters(long nowMs) {
        return (int) inWindow(nowMs).filter(g -> g.gapMs() > writeTimeoutMs * 3 / 4).count();
    }

    public long totalWrites() {
        return totalWrites;
    }

    public long totalNearMissesHalf() {
        return totalHalf;
    }

    public long totalNearMissesThreeQuarters() {
        return totalThreeQuarters;
    }

    private java.util.stream.Stream<Gap> inWindow(long nowMs) {
        return gaps.stream().filter(g -> g.atMs() > nowMs - WINDOW_MS);
    }
}
