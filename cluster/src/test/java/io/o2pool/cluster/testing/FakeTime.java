package io.o2pool.cluster.testing;

import io.o2pool.cluster.time.ClusterTime;
import io.o2pool.testkit.FakeScheduler;
import java.time.Instant;

/** {@link ClusterTime} on the testkit's {@link FakeScheduler}: time moves only when the test advances it. */
public final class FakeTime implements ClusterTime {
    private final FakeScheduler scheduler;

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
        return scheduler.schedule(delayMs, task)::cancel;
    }
}
