package io.o2pool.e2e.kvm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs blocking work (booting guests, starting agents) at the same time, one thread per task. Not the common
 * fork-join pool: on a 2-core host its parallelism is 1, which would boot the guests one after the other.
 */
final class Parallel {
    private Parallel() {
    }

    /** Runs every task at once and returns their results in order; the first failure is rethrown. */
    static <T> List<T> all(List<Supplier<T>> tasks) {
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Supplier<T> task : tasks) {
                futures.add(threads.submit(task::get));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs every task at once and waits for all. */
    static void run(Runnable... tasks) {
        List<Supplier<Object>> suppliers = new ArrayList<>();
        for (Runnable r : tasks) {
            suppliers.add(() -> {
                r.run();
                return Boolean.TRUE;
            });
        }
        all(suppliers);
    }
}
