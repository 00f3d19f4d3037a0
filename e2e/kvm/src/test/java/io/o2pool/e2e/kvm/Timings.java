package io.o2pool.e2e.kvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Wall-clock times of the steps of a KVM test, printed as they finish and as a table at the end. Thread-safe. */
final class Timings {
    private final String test;
    private final List<String[]> rows = new ArrayList<>();
    private final long start = System.nanoTime();

    Timings(String test) {
        this.test = test;
    }

    <T> T time(String step, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(step, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    void time(String step, Runnable work) {
        time(step, () -> {
            work.run();
            return null;
        });
    }

    synchronized void record(String step, Duration took) {
        String seconds = String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0);
        rows.add(new String[] {step, seconds});
        System.out.printf(Locale.ROOT, "[kvm %s %6.1fs] %s: %s s%n", test, (System.nanoTime() - start) / 1e9, step,
                seconds);
    }

    /** The steps as a Markdown table (for docs/benchmarks.md). */
    synchronized String table() {
        StringBuilder sb = new StringBuilder("| " + test + " step | seconds |\n| --- | ---: |\n");
        rows.forEach(r -> sb.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n"));
        sb.append(String.format(Locale.ROOT, "| total | %.1f |%n", (System.nanoTime() - start) / 1e9));
        return sb.toString();
    }
}
