package io.o2pool.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A deterministic scheduler driven by a {@link FakeClock}, so a 60-second cluster scenario runs in
 * milliseconds and reads as a timeline ({@code advance(Duration.ofSeconds(60))}, then assert). Tasks run on
 * the thread that calls {@link #advance(Duration)}, in due order (ties in scheduling order), and the clock
 * is moved to each task's due instant before it runs, so a task that reads the time sees exactly when it was
 * due. Thread-safe: tasks may be scheduled from any thread, but only one thread should advance time.
 */
public final class FakeScheduler {
    /** Guards against a task that keeps rescheduling itself with no delay. */
    private static final int MAX_TASKS_PER_ADVANCE = 50_000_000;

    private final FakeClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMs;
    private long sequence;

    /** A scheduler whose time starts at the clock's current instant (monotonic time 0). */
    public FakeScheduler(FakeClock clock) {
        this.clock = clock;
    }

    /** A scheduler on a fresh clock at the seed document's era. */
    public static FakeScheduler create() {
        return new FakeScheduler(FakeClock.atEpochOfSeed());
    }

    /** Milliseconds since this scheduler was created: the fake monotonic clock. */
    public synchronized long nowMs() {
        return nowMs;
    }

    /** The fake wall clock's instant. */
    public Instant now() {
        return clock.instant();
    }

    /** The clock this scheduler moves. */
    public FakeClock clock() {
        return clock;
    }

    /** Runs {@code task} once {@code delayMs} milliseconds have passed (0: at the current instant, after what is queued). */
    public synchronized Task schedule(long delayMs, Runnable task) {
        if (delayMs < 0) {
            delayMs = 0;
        }
        Task t = new Task(nowMs + delayMs, sequence++, task);
        queue.add(t);
        return t;
    }

    /** Same as {@link #schedule(long, Runnable)} with a {@link Duration}. */
    public Task schedule(Duration delay, Runnable task) {
        return schedule(delay.toMillis(), task);
    }

    /** Moves time forward by {@code by}, running every task that falls due on the way. */
    public void advance(Duration by) {
        advanceMs(by.toMillis());
    }

    /** Moves time forward by {@code byMs} milliseconds, running every task that falls due on the way. */
    public void advanceMs(long byMs) {
        if (byMs < 0) {
            throw new IllegalArgumentException("a fake scheduler only moves forward, not by " + byMs + " ms");
        }
        long target;
        synchronized (this) {
            target = nowMs + byMs;
        }
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.dueMs > target) {
                    moveTo(target);
                    return;
                }
                queue.poll();
                moveTo(next.dueMs);
            }
            if (!next.cancelled) {
                next.task.run();
            }
            if (++ran > MAX_TASKS_PER_ADVANCE) {
                throw new IllegalStateException("more than " + MAX_TASKS_PER_ADVANCE
                        + " tasks in one advance: a task keeps rescheduling itself without delay");
            }
        }
    }

    /** Runs what is due at the current instant without moving time. */
    public void runDue() {
        advanceMs(0);
    }

    /** Tasks waiting (cancelled ones included until their due time passes). */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    private void moveTo(long targetMs) {
        if (targetMs > nowMs) {
            clock.advance(Duration.ofMillis(targetMs - nowMs));
            nowMs = targetMs;
        }
    }

    /** A scheduled task; {@link #cancel()} stops it from running if it has not run yet. */
    public static final class Task implements Comparable<Task> {
        private final long dueMs;
        private final long order;
        private final Runnable task;
        private volatile boolean cancelled;

        private Task(long dueMs, long order, Runnable task) {
            this.dueMs = dueMs;
            this.order = order;
            this.task = task;
        }

        /** Stops the task from running; harmless if it already ran. */
        public void cancel() {
            cancelled = true;
        }

        /** When the task is due, in the scheduler's monotonic milliseconds. */
        public long dueMs() {
            return dueMs;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(dueMs, o.dueMs);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
