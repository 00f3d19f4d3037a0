package io.o2pool.cluster.health;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * This node's own heartbeat write latencies over the last {@link #WINDOW_MS}, with the near misses (writes slower
 * than half and three quarters of the write timeout) in the window and since start. Times are the node's monotonic
 * milliseconds. Thread-safe.
 */
public final class WriteWindow {
    /** The window of the figures: 30 iterations of 2 s. */
    public static final long WINDOW_MS = 60_000;

    private record Write(long atMs, long latencyMs) {
    }

    private final long writeTimeoutMs;
    private final Deque<Write> window = new ArrayDeque<>();
    private long total;
    private long totalHalf;
    private long totalThreeQuarters;

    public WriteWindow(long writeTimeoutMs) {
        this.writeTimeoutMs = writeTimeoutMs;
    }

    /** Records a write that completed at {@code atMs} after {@code latencyMs}. */
    public synchronized void record(long atMs, long latencyMs) {
        window.addLast(new Write(atMs, latencyMs));
        total++;
        if (latencyMs > writeTimeoutMs / 2) {
            totalHalf++;
        }
        if (latencyMs > writeTimeoutMs * 3 / 4) {
            totalThreeQuarters++;
        }
        prune(atMs);
    }

    /**
     * The figures at {@code nowMs}, with the armed state, the time since the last good write and the write in flight
     * as the heartbeat reports them.
     */
    public synchronized OwnWriteHealth health(long nowMs, boolean armed, Long msSinceLastGoodWrite,
            long writePendingMs) {
        prune(nowMs);
        long[] sorted = window.stream().mapToLong(Write::latencyMs).sorted().toArray();
        int half = (int) Arrays.stream(sorted).filter(l -> l > writeTimeoutMs / 2).count();
        int threeQuarters = (int) Arrays.stream(sorted).filter(l -> l > writeTimeoutMs * 3 / 4).count();
        return new OwnWriteHealth(writeTimeoutMs, armed, msSinceLastGoodWrite, writePendingMs, WINDOW_MS,
                sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], half, threeQuarters, total, totalHalf,
                totalThreeQuarters);
    }

    private void prune(long nowMs) {
        while (!window.isEmpty() && window.peekFirst().atMs() <= nowMs - WINDOW_MS) {
            window.removeFirst();
        }
    }

    /** Nearest-rank percentile of {@code sorted}; 0 when empty. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
