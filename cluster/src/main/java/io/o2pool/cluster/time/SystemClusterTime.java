package io.o2pool.cluster.time;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link ClusterTime}: the monotonic clock ({@link System#nanoTime()}), the system wall clock,
 * and one daemon thread per node that runs every task in order. A task that throws is logged and does not
 * stop the thread. {@link #close()} stops the thread; tasks still queued are dropped.
 */
public final class SystemClusterTime implements ClusterTime, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemClusterTime.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Clock wall = Clock.systemUTC();
    private final long originNanos = System.nanoTime();

    /** A clock and a scheduler thread named {@code threadName}. */
    public SystemClusterTime(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowMs() {
        return (System.nanoTime() - originNanos) / 1_000_000L;
    }

    @Override
    public Instant wallClock() {
        return wall.instant();
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        if (executor.isShutdown()) {
            return () -> { };
        }
        try {
            ScheduledFuture<?> f = executor.schedule(() -> runLogged(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return () -> { };
        }
    }

    private void runLogged(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("cluster task failed on {}", Thread.currentThread().getName(), t);
        }
    }

    /** Stops the scheduler thread, waiting up to 2 s for a running task to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
