package io.o2pool.cluster.health;

/**
 * This node's own heartbeat writes at one moment. Durations in milliseconds. Immutable.
 *
 * @param writeTimeoutMs           {@code O2HB_MAX_WRITE_TIMEOUT_MS}: the node fences itself when no write completed
 *                                 for this long (once armed)
 * @param writeTimeoutArmed        whether the write timeout is armed: only after the first good write once the
 *                                 region is steady ({@code o2hb_arm_timeout}); before, a hung write is never timed
 * @param msSinceLastGoodWrite     time since the last write that completed with this node's slot intact — the
 *                                 kernel's {@code elapsed_time_in_ms}; null before the first one
 * @param writePendingMs           how long the write in flight has been waiting; 0 when none is in flight
 * @param windowMs                 the window of the figures below
 * @param writes                   writes completed in the window
 * @param p50Ms                    median write latency in the window (0 without writes)
 * @param p99Ms                    99th percentile in the window
 * @param maxMs                    slowest write in the window
 * @param nearMissesHalf           writes in the window slower than half the write timeout
 * @param nearMissesThreeQuarters  writes in the window slower than three quarters of it
 * @param totalWrites              writes completed since start
 * @param totalNearMissesHalf      since start, slower than half
 * @param totalNearMissesThreeQuarters since start, slower than three quarters
 */
public record OwnWriteHealth(long writeTimeoutMs, boolean writeTimeoutArmed, Long msSinceLastGoodWrite,
        long writePendingMs, long windowMs, int writes, long p50Ms, long p99Ms, long maxMs, int nearMissesHalf,
        int nearMissesThreeQuarters, long totalWrites, long totalNearMissesHalf, long totalNearMissesThreeQuarters) {
}
