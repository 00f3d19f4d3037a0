package io.o2pool.e2e.kvm;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Waiting in the scenarios: how many seconds a condition took to hold, polled at a fixed interval. A condition that
 * throws a RuntimeException (a guest command or a manager call failing while things change) has not held yet; an
 * AssertionError it throws ends the wait.
 */
final class Poll {
    private Poll() {
    }

    /** Seconds from {@code start} (a {@link System#nanoTime()}) until {@code condition} holds, polled every 250 ms. */
    static double secondsUntil(long start, Duration limit, Supplier<Boolean> condition) {
        return secondsUntil(start, limit, Duration.ofMillis(250), condition, () -> "");
    }

    /** Seconds from {@code start} until {@code condition} holds, polled every {@code every}. */
    static double secondsUntil(long start, Duration limit, Duration every, Supplier<Boolean> condition) {
        return secondsUntil(start, limit, every, condition, () -> "");
    }

    /**
     * Seconds from {@code start} until {@code condition} holds, polled every {@code every}; after {@code limit} an
     * AssertionError saying so and what {@code failure} then tells.
     */
    static double secondsUntil(long start, Duration limit, Duration every, Supplier<Boolean> condition,
            Supplier<String> failure) {
        while (true) {
            boolean ok;
            try {
                ok = condition.get();
            } catch (RuntimeException notYet) {
                ok = false;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (ok) {
                return elapsed;
            }
            if (elapsed > limit.toSeconds()) {
                String why = failure.get();
                throw new AssertionError("not within " + limit.toSeconds() + " s" + (why.isEmpty() ? "" : ": " + why));
            }
            KvmHarness.sleep(every.toMillis());
        }
    }

    /** The last {@code lines} lines of {@code text}. */
    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
