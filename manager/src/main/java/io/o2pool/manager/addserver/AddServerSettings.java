package io.o2pool.manager.addserver;

import java.time.Duration;

/**
 * Timing of the Add Server job's waits.
 *
 * @param liveTimeout how long every member may take to see the new node live before the job fails and rolls back
 * @param pollInterval how often membership is polled while waiting
 */
public record AddServerSettings(Duration liveTimeout, Duration pollInterval) {
    public AddServerSettings {
        if (liveTimeout.isNegative() || liveTimeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("Add Server timings must be positive: " + liveTimeout + ", " + pollInterval);
        }
    }

    public static AddServerSettings defaults() {
        return new AddServerSettings(Duration.ofSeconds(120), Duration.ofMillis(250));
    }
}
