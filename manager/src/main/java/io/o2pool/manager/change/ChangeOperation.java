package io.o2pool.manager.change;

import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.JobKind;
import org.jdbi.v3.core.Handle;

/**
 * One kind of cluster change (Add Server, Remove Server, Change Timeouts, Re-sync): how to plan it and what the
 * manager records when it ends. Planning reads the store and the agents and changes nothing on any server; the
 * planner itself is a pure function the operation calls. {@link ChangeJob} executes the plan.
 */
public interface ChangeOperation {

    JobKind kind();

    /** The job's first step: gathers the facts, runs every check and plans the rest. */
    ChangeStep planningStep();

    /** The operation's step named {@code id} (its step enum). */
    ChangeStep step(String id);

    /** Plans the job's change from the pool as it is now; refused plans carry their error findings. */
    ChangePlan plan(JobContext ctx) throws InterruptedException;

    /** Records what planning learned that later steps need (e.g. pinned certificates); the plan is not refused. */
    default void planned(JobContext ctx, ChangePlan plan) {
    }

    /** Called once after every step succeeded. */
    void succeeded(JobContext ctx, ChangePlan plan);

    /** Called once after the rollback; {@code plan} is null when planning itself failed. */
    void failed(JobContext ctx, ChangePlan plan, String step, String reason);

    /** Prepares the store for a retry of a failed job, inside the caller's transaction. */
    default void prepareRetry(Handle h, JobContext failed) {
    }
}
