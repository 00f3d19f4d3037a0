package io.o2pool.manager.jobs;

import java.time.Duration;

/**
 * The one place jobs wait (between polls, before retries). Production sleeps; tests advance a fake clock instead, so
 * no test sleeps and timeouts read as timelines.
 */
@FunctionalInterface
public interface Pacer {
    /** Waits about {@code duration}; throws if the thread is interrupted (the manager is stopping). */
    void pause(Duration duration) throws InterruptedException;

    /** A pacer that really sleeps. */
    static Pacer sleeping() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
