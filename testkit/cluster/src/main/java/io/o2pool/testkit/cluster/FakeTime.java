package io.o2pool.testkit.cluster;

import io.o2pool.cluster.time.ClusterTime;
import io.o2pool.testkit.FakeScheduler;
import java.time.Instant;

/**
 * {@link ClusterTime} on the testkit's {@link FakeScheduler}: time moves only when the test advances it, and a node's
 * work runs on the thread that advances it. {@link #runImmediateWorkInline} lets code under test that hands work to
 * a node and blocks until it is done (a stack driver's add-node, a clean stop) run on the test thread.
 */
public final class FakeTime implements ClusterTime {
    private final FakeScheduler scheduler;
    private volatile boolean inline;

    public FakeTime(FakeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long nowMs() {
        return scheduler.nowMs();
    }

    @Override
    public Instant wallClock() {
        return scheduler.now();
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        if (inline && delayMs <= 0) {
            task.run();
            return () -> { };
        }
        return scheduler.schedule(delayMs, task)::cancel;
    }

    /**
     * While {@code on}, work due at once ({@code delayMs <= 0}) runs at once on the calling thread instead of waiting
     * for the scheduler to be advanced; timers with a delay still wait for fake time.
     */
    public void runImmediateWorkInline(boolean on) {
        inline = on;
    }
}
