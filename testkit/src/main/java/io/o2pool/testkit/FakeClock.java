package io.o2pool.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that only moves when a test calls {@link #advance(Duration)}, so timelines in tests
 * read as "advance 60 s, then assert". Thread-safe: the instant is read and written atomically.
 */
public final class FakeClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    public FakeClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private FakeClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    /** A clock at 2009-06-01T00:00:00Z, the seed document's era; any fixed start works. */
    public static FakeClock atEpochOfSeed() {
        return new FakeClock(Instant.parse("2009-06-01T00:00:00Z"));
    }

    /** Moves time forward; a negative duration is refused because clocks in o2cb never go back. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a fake clock only moves forward, not by " + by);
        }
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new FakeClock(now, newZone);
    }
}
