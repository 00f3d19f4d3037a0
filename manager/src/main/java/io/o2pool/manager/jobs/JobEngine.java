package io.o2pool.manager.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import io.o2pool.manager.model.StepStatus;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs as persisted, idempotent steps: at most one job per pool at a time (others wait QUEUED), a failed step
 * rolls back the earlier ones in reverse order, and after a restart {@link #recover()} resumes RUNNING jobs (or rolls
 * them back when their interrupted step is not resumable) and finishes interrupted rollbacks. Thread-safe.
 */
public final class JobEngine {
    private static final Logger log = LoggerFactory.getLogger(JobEngine.class);
    /** Attempts for a step failing with a transient agent error, with doubling pauses starting at 1 s. */
    static final int ATTEMPTS = 3;

    private final Store store;
    private final Map<JobKind, JobHandler> handlers = new EnumMap<>(JobKind.class);
    private final Executor executor;
    private final Clock clock;
    private final Pacer pacer;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Set<Long> busyPools = new HashSet<>();
    private final PausePoint pausePoint;
    private volatile boolean stopped;

    public JobEngine(Store store, List<JobHandler> handlers, Executor executor, Clock clock, Pacer pacer,
                     ObjectMapper json, MeterRegistry meters) {
        this(store, handlers, executor, clock, pacer, json, meters, PausePoint.NONE);
    }

    /** An engine that calls {@code pausePoint} after each step's work (crash tests). */
    public JobEngine(Store store, List<JobHandler> handlers, Executor executor, Clock clock, Pacer pacer,
                     ObjectMapper json, MeterRegistry meters, PausePoint pausePoint) {
        this.pausePoint = pausePoint;
        this.store = store;
        handlers.forEach(h -> this.handlers.put(h.kind(), h));
        this.executor = executor;
        this.clock = clock;
        this.pacer = pacer;
        this.json = json;
        this.meters = meters;
    }

    /**
     * Creates a QUEUED job the manager itself asks for (no user) inside the caller's transaction; call
     * {@link #dispatch(long)} after it commits. The step names come from the kind's handler.
     */
    public Job enqueue(Handle h, long poolId, JobKind kind, Long serverId, Long retryOf, ObjectNode input) {
        return enqueue(h, poolId, kind, serverId, retryOf, input, null);
    }

    /** As {@link #enqueue(Handle, long, JobKind, Long, Long, ObjectNode)}, asked for by {@code user}. */
    public Job enqueue(Handle h, long poolId, JobKind kind, Long serverId, Long retryOf, ObjectNode input,
                       String user) {
        JobHandler handler = handler(kind);
        return store.jobs().insert(h, poolId, kind, serverId, retryOf, input.toString(), handler.steps(input),
                clock.instant(), user);
    }

    /** Retries failed job {@code jobId} as the manager itself (see {@link #retry(long, String)}). */
    public Job retry(long jobId) {
        return retry(jobId, null);
    }

    /**
     * Creates a new job retrying failed job {@code jobId} with the same input, linked to it and asked for by
     * {@code user}, and dispatches it.
     */
    public Job retry(long jobId, String user) {
        Job failed = store.jobs().find(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
        if (failed.status() != JobStatus.FAILED) {
            throw new IllegalStateException("job " + jobId + " is " + failed.status() + "; only FAILED jobs are retried");
        }
        JobHandler handler = handler(failed.kind());
        JobContext ctx = new JobContext(failed, store, clock, pacer, json);
        Job retry = store.jdbi().inTransaction(h -> {
            handler.prepareRetry(h, ctx);
            return enqueue(h, failed.poolId(), failed.kind(), failed.serverId(), failed.id(), ctx.input(), user);
        });
        store.events().append("job.queued", retry.poolId(), retry.serverId(), retry.id(),
                "job " + retry.id() + " " + retry.kind() + " queued, retrying job " + jobId);
        dispatch(retry.poolId());
        return retry;
    }

    /** Starts the pool's oldest queued job unless one is already running there. */
    public void dispatch(long poolId) {
        long jobId;
        synchronized (busyPools) {
            if (stopped || busyPools.contains(poolId)) {
                return;
            }
            var next = store.jobs().oldestQueued(poolId);
            if (next.isEmpty()) {
                return;
            }
            jobId = next.get();
            busyPools.add(poolId);
            store.jobs().setStatus(jobId, JobStatus.RUNNING, clock.instant());
        }
        start(poolId, jobId);
    }

    /** After a restart: continues every RUNNING or ROLLING_BACK job, then starts queued ones. */
    public void recover() {
        for (JobStatus status : List.of(JobStatus.RUNNING, JobStatus.ROLLING_BACK)) {
            for (long jobId : store.jobs().idsWithStatus(status)) {
                Job job = store.jobs().find(jobId).orElseThrow();
                synchronized (busyPools) {
                    if (!busyPools.add(job.poolId())) {
                        continue;
                    }
                }
                log.info("job {} ({}) was {} when the manager stopped; continuing it", jobId, job.kind(), status);
                store.events().append("job.recovered", job.poolId(), job.serverId(), jobId,
                        "job " + jobId + " " + job.kind() + " continues after a manager restart (was " + status + ")");
                start(job.poolId(), jobId);
            }
        }
        store.jobs().poolsWithQueuedJobs().forEach(this::dispatch);
    }

    /** Stops dispatching new jobs; running ones finish their current step on their own threads. */
    public void stop() {
        synchronized (busyPools) {
            stopped = true;
        }
    }

    private void start(long poolId, long jobId) {
        executor.execute(() -> {
            try {
                execute(jobId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("job {} interrupted; it continues at the next start", jobId);
            } catch (RuntimeException e) {
                log.error("job {} stopped on an unexpected error; it continues at the next start", jobId, e);
            } finally {
                synchronized (busyPools) {
                    busyPools.remove(poolId);
                }
            }
            if (!Thread.currentThread().isInterrupted()) {
                dispatch(poolId);
            }
        });
    }

    private void execute(long jobId) throws InterruptedException {
        Job job = store.jobs().find(jobId).orElseThrow();
        JobHandler handler = handler(job.kind());
        JobContext ctx = new JobContext(job, store, clock, pacer, json);
        if (job.status() == JobStatus.ROLLING_BACK) {
            rollBack(job, handler, ctx, job.errorStep(), job.errorMessage());
            return;
        }
        if (job.startedAt() == null || job.steps().stream().allMatch(s -> s.status() == StepStatus.PENDING)) {
            store.events().append("job.started", job.poolId(), job.serverId(), jobId,
                    "job " + jobId + " " + job.kind() + " started");
        }
        long startNanos = System.nanoTime(); // metrics only, never a decision
        while (true) {
            JobStep step = store.jobs().find(jobId).orElseThrow().steps().stream()
                    .filter(s -> s.status() != StepStatus.SUCCEEDED).findFirst().orElse(null);
            if (step == null) {
                break;
            }
            if (step.status() == StepStatus.RUNNING && !handler.resumable(step.name())) {
                String reason = "step " + step.name() + " was interrupted by a manager restart and cannot resume";
                store.jobs().setStep(jobId, step.seq(), StepStatus.FAILED, reason, clock.instant());
                rollBack(job, handler, ctx, step.name(), reason);
                return;
            }
            store.jobs().setStep(jobId, step.seq(), StepStatus.RUNNING, null, clock.instant());
            String failure = runWithRetries(handler, step.name(), ctx);
            ctx.saveState();
            if (failure == null) {
                pausePoint.stepDone(jobId, step.name());
            }
            String notes = ctx.drainNotes();
            List<String> following = ctx.drainFollowingSteps();
            if (failure != null) {
                String message = notes.isEmpty() ? failure : notes + "\n" + failure;
                store.jobs().setStep(jobId, step.seq(), StepStatus.FAILED, message, clock.instant());
                store.events().append("job.step", job.poolId(), job.serverId(), jobId,
                        "job " + jobId + " step " + step.name() + " FAILED: " + failure);
                rollBack(job, handler, ctx, step.name(), failure);
                record(job, "failed", startNanos);
                return;
            }
            if (following != null) {
                store.jobs().replaceStepsAfter(jobId, step.seq(), following);
            }
            store.jobs().setStep(jobId, step.seq(), StepStatus.SUCCEEDED, notes.isEmpty() ? null : notes,
                    clock.instant());
            store.events().append("job.step", job.poolId(), job.serverId(), jobId,
                    "job " + jobId + " step " + step.name() + " SUCCEEDED");
        }
        handler.succeeded(ctx);
        store.jobs().setStatus(jobId, JobStatus.SUCCEEDED, clock.instant());
        store.events().append("job.succeeded", job.poolId(), job.serverId(), jobId,
                "job " + jobId + " " + job.kind() + " SUCCEEDED");
        record(job, "succeeded", startNanos);
    }

    /** Runs a step, retrying transient agent failures; returns null on success or the failure message. */
    private String runWithRetries(JobHandler handler, String step, JobContext ctx) throws InterruptedException {
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.run(step, ctx);
                return null;
            } catch (StepFailedException e) {
                return e.getMessage();
            } catch (AgentException e) {
                if (!e.isTransient() || attempt >= ATTEMPTS) {
                    return e.getMessage();
                }
                ctx.note("attempt " + attempt + " failed (" + e.getMessage() + "); retrying in " + backoff.toSeconds()
                        + " s");
                pacer.pause(backoff);
                backoff = backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                log.warn("job {} step {} failed unexpectedly", ctx.jobId(), step, e);
                return "unexpected error: " + e;
            }
        }
    }

    private void rollBack(Job job, JobHandler handler, JobContext ctx, String failedStep, String reason)
            throws InterruptedException {
        store.jobs().setError(job.id(), failedStep, reason);
        store.jobs().setStatus(job.id(), JobStatus.ROLLING_BACK, clock.instant());
        List<JobStep> steps = store.jobs().find(job.id()).orElseThrow().steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            JobStep step = steps.get(i);
            boolean undo = switch (step.status()) {
                case SUCCEEDED, RUNNING, FAILED -> true;
                case PENDING, ROLLED_BACK -> false;
            };
            if (!undo) {
                continue;
            }
            handler.undo(step.name(), ctx);
            String notes = ctx.drainNotes();
            ctx.saveState();
            String previous = step.message() == null ? "" : step.message() + "\n";
            StepStatus after = step.status() == StepStatus.FAILED ? StepStatus.FAILED : StepStatus.ROLLED_BACK;
            store.jobs().setStep(job.id(), step.seq(), after,
                    previous + "undone" + (notes.isEmpty() ? "" : ": " + notes), clock.instant());
        }
        handler.failed(ctx, failedStep, reason);
        store.jobs().setStatus(job.id(), JobStatus.FAILED, clock.instant());
        store.events().append("job.failed", job.poolId(), job.serverId(), job.id(),
                "job " + job.id() + " " + job.kind() + " FAILED at step " + failedStep + ": " + reason);
    }

    private void record(Job job, String outcome, long startNanos) {
        meters.counter("o2pool.jobs", "kind", job.kind().name(), "outcome", outcome).increment();
        meters.timer("o2pool.job.duration", "kind", job.kind().name())
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private JobHandler handler(JobKind kind) {
        JobHandler handler = handlers.get(kind);
        if (handler == null) {
            throw new IllegalStateException("no handler registered for job kind " + kind);
        }
        return handler;
    }
}
