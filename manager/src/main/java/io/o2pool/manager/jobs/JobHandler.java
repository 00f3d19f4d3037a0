package io.o2pool.manager.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.model.JobKind;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * One kind of job: its ordered steps, how to run each, and how to undo each. Every {@link #run} and {@link #undo} must
 * be idempotent, because after a manager restart the engine runs the interrupted step again, or undoes steps that may
 * already be undone.
 */
public interface JobHandler {

    JobKind kind();

    /** The step names, in order, for a job with this input; fixed when the job is created. */
    List<String> steps(ObjectNode input);

    /**
     * Runs one step. Throw {@link StepFailedException} for a permanent failure; a transient
     * {@link io.o2pool.manager.agents.AgentException} is retried by the engine with backoff.
     */
    void run(String step, JobContext ctx) throws StepFailedException, InterruptedException;

    /** Undoes a step that succeeded or partly ran; best effort, must not throw for "already undone". */
    void undo(String step, JobContext ctx) throws InterruptedException;

    /** Whether a step interrupted by a manager restart may simply run again; otherwise the job rolls back. */
    default boolean resumable(String step) {
        return true;
    }

    /** Called once after every step succeeded. */
    void succeeded(JobContext ctx);

    /** Called once after the rollback of a failed job, with the failed step and reason. */
    void failed(JobContext ctx, String step, String reason);

    /** Prepares the store for a retry of {@code failed} (e.g. the server back to ADDING), inside the caller's transaction. */
    default void prepareRetry(Handle h, JobContext failed) {
    }
}
