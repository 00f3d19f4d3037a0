package io.o2pool.cluster.time;

import java.time.Instant;

/**
 * The one clock and scheduler seam of the cluster stack: every timer and timestamp goes through it, so
 * tests drive a fake one and read as timelines, and decision code never reads the system clock itself.
 * Implementations run all scheduled tasks of one node on one thread, one at a time, so a node's state is
 * confined to that thread; {@link #schedule} and {@link #execute} may be called from any thread.
 */
public interface ClusterTime {

    /** Monotonic milliseconds (arbitrary origin): for timeouts and latencies, never for dates. */
    long nowMs();

    /** The wall clock: only for {@code hb_seq} (the kernel writes wall-clock seconds) and event timestamps. */
    Instant wallClock();

    /** Runs {@code task} on the node's thread after {@code delayMs} milliseconds (0 or less: as soon as possible). */
    Timer schedule(long delayMs, Runnable task);

    /** Runs {@code task} on the node's thread as soon as possible, after what is already due. */
    default void execute(Runnable task) {
        schedule(0, task);
    }

    /** A scheduled task. */
    interface Timer {
        /** Stops the task from running if it has not started; harmless afterwards. */
        void cancel();
    }
}
