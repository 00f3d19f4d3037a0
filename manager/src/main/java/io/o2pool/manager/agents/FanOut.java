package io.o2pool.manager.agents;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Calls every agent of a set at once (one virtual thread each) and collects each outcome, so a change across 32
 * members takes about as long as across one. Results keep the input order.
 */
public final class FanOut {
    private FanOut() {
    }

    /** A per-agent call. */
    @FunctionalInterface
    public interface Call<T> {
        T apply(AgentGateway agent) throws Exception;
    }

    /** One agent's outcome: a value or the failure. */
    public record Outcome<T>(String server, T value, Exception failure) {
        public boolean ok() {
            return failure == null;
        }

        public String message() {
            return failure == null ? "" : failure.getMessage() == null ? failure.toString() : failure.getMessage();
        }
    }

    /** At most this many calls of one fan-out are in flight at once (a pool of 64 does not open 64 TLS handshakes). */
    public static final int MAX_IN_FLIGHT = 32;

    /** Runs {@code call} on every agent (at most {@link #MAX_IN_FLIGHT} at a time) and waits for all of them. */
    public static <T> List<Outcome<T>> all(List<AgentGateway> agents, Call<T> call) throws InterruptedException {
        // one future per agent, in order: two agents may carry the same server name (a candidate named like a member)
        List<Future<T>> futures = new java.util.ArrayList<>();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (AgentGateway agent : agents) {
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return call.apply(agent);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Outcome<T>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                String server = agents.get(i).server();
                try {
                    outcomes.add(new Outcome<>(server, futures.get(i).get(), null));
                } catch (ExecutionException ex) {
                    Throwable cause = ex.getCause();
                    if (cause instanceof Error error) {
                        throw error; // a JVM failure is not one agent's outcome
                    }
                    Exception failure = cause instanceof Exception c ? c : new RuntimeException(cause);
                    outcomes.add(new Outcome<>(server, null, failure));
                }
            }
            return outcomes;
        }
    }

    /**
     * Runs {@code call} on every agent and waits at most {@code deadline} in all: an agent that has not answered by
     * then is an outcome of its own ("did not answer within N s", transient) and its call is interrupted, so one
     * silent agent (a dropped SYN waits for the whole connect timeout) cannot hold up the others' results.
     */
    public static <T> List<Outcome<T>> within(List<AgentGateway> agents, Call<T> call, java.time.Duration deadline)
            throws InterruptedException {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<java.util.concurrent.Callable<T>> tasks = agents.stream()
                    .<java.util.concurrent.Callable<T>>map(agent -> () -> call.apply(agent)).toList();
            // invokeAll waits at most the deadline and cancels (interrupts) the calls still running then
            List<Future<T>> futures = pool.invokeAll(tasks, deadline.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            List<Outcome<T>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                String server = agents.get(i).server();
                try {
                    outcomes.add(new Outcome<>(server, futures.get(i).get(), null));
                } catch (java.util.concurrent.CancellationException late) {
                    outcomes.add(new Outcome<>(server, null, new AgentException(server, "did not answer within "
                            + deadline.toMillis() + " ms", true)));
                } catch (ExecutionException ex) {
                    Throwable cause = ex.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    outcomes.add(new Outcome<>(server, null, cause instanceof Exception c ? c
                            : new RuntimeException(cause)));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow(); // late calls are interrupted, not waited for
        }
    }

    /** Runs a call with no result on every agent. */
    public static List<Outcome<Void>> each(List<AgentGateway> agents, VoidCall call) throws InterruptedException {
        return all(agents, a -> {
            call.apply(a);
            return null;
        });
    }

    /** A per-agent call with no result. */
    @FunctionalInterface
    public interface VoidCall {
        void apply(AgentGateway agent) throws Exception;
    }
}
