package io.o2pool.manager.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits password guessing: after {@link #MAX_FAILURES} failed logins for one user name from one address within
 * {@link #WINDOW}, further attempts for that pair are refused until the oldest of those failures leaves the window. A
 * success clears the pair. Counts are kept in memory (a restart forgets them); time comes from the injected clock.
 * Thread-safe.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    /** At most this many pairs are tracked; the oldest are dropped first, so a flood cannot exhaust memory. */
    private static final int MAX_PAIRS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new java.util.LinkedHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code user} from {@code address} must wait before trying again, or empty when they may try now. */
    synchronized Optional<Duration> wait(String user, String address) {
        Deque<Instant> recent = recent(key(user, address));
        if (recent.size() < MAX_FAILURES) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
        return Optional.of(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
    }

    synchronized void failed(String user, String address) {
        String key = key(user, address);
        recent(key).addLast(clock.instant());
        while (failures.size() > MAX_PAIRS) {
            failures.remove(failures.keySet().iterator().next());
        }
    }

    synchronized void succeeded(String user, String address) {
        failures.remove(key(user, address));
    }

    /** The pair's failures still inside the window (older ones dropped). */
    private Deque<Instant> recent(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant since = clock.instant().minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
            times.removeFirst();
        }
        return times;
    }

    private static String key(String user, String address) {
        return user + "\u0000" + address;
    }
}
