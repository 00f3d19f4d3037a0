package io.o2pool.cluster.membership;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latencies of this node's own heartbeat writes: counts per bucket (upper bounds in ms), exact p50/p99 over
 * the last {@value #WINDOW} writes, and the last few values for fence records. Thread-safe.
 */
public final class WriteLatencyHistogram {
    /** Bucket upper bounds in ms; the last bucket holds everything slower. */
    public static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000};
    static final int WINDOW = 4096;

    private final long[] counts = new long[BOUNDS_MS.length + 1];
    private final long[] window = new long[WINDOW];
    private long recorded;
    private long maxMs;

    /** Records one write latency. */
    public synchronized void record(long latencyMs) {
        int i = 0;
        while (i < BOUNDS_MS.length && latencyMs > BOUNDS_MS[i]) {
            i++;
        }
        counts[i]++;
        window[(int) (recorded % WINDOW)] = latencyMs;
        recorded++;
        maxMs = Math.max(maxMs, latencyMs);
    }

    /** Writes recorded since start. */
    public synchronized long count() {
        return recorded;
    }

    /** The slowest write since start, in ms. */
    public synchronized long maxMs() {
        return maxMs;
    }

    /** Counts per bucket (the last entry counts writes slower than the last bound). */
    public synchronized long[] bucketCounts() {
        return counts.clone();
    }

    /** The {@code p}-th percentile (0..100) of the recent window, in ms; 0 when empty. */
    public synchronized long percentileMs(double p) {
        int n = (int) Math.min(recorded, WINDOW);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(window, n);
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, idx))];
    }

    /** The last {@code n} latencies, oldest first. */
    public synchronized List<Long> last(int n) {
        int have = (int) Math.min(recorded, Math.min(n, WINDOW));
        List<Long> out = new ArrayList<>(have);
        for (long i = recorded - have; i < recorded; i++) {
            out.add(window[(int) (i % WINDOW)]);
        }
        return out;
    }
}
