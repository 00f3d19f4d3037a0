package io.o2pool.manager.change;

import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.JobKind;
import org.jdbi.v3.core.Handle;

/**
 * One kind of cluster change (Add Server, Remove Server, Change Timeouts, Re-sync): how to plan it and what the
 * manager records when it ends. Planning reads the store and the agents and changes nothing on any server; the
 * planner itself is a pure function the operation calls. {@link ChangeJob} executes the plan.
 */
public abstract class ChangeOperation {
    private final JobKind kind;
    private final Class<? extends ChangeStep> stepType;
    /** The agents of the pool's servers, for planning reads. */
    protected final PoolAgents agents;

    /** An operation of {@code kind} whose steps are {@code stepType}'s constants, the first one planning. */
    protected ChangeOperation(JobKind kind, Class<? extends ChangeStep> stepType, PoolAgents agents) {
        if (!stepType.isEnum()) {
            throw new IllegalArgumentException(stepType + " is not an enum");
        }
        this.kind = kind;
        this.stepType = stepType;
        this.agents = agents;
    }

    public final JobKind kind() {
        return kind;
    }

    /** The job's first step: gathers the facts, runs every check and plans the rest. */
    public final ChangeStep planningStep() {
        return stepType.getEnumConstants()[0];
    }

    /** The operation's step named {@code id}. */
    public final ChangeStep step(String id) {
        for (ChangeStep step : stepType.getEnumConstants()) {
            if (step.id().equals(id)) {
                return step;
            }
        }
        throw new IllegalArgumentException(kind + " has no step " + id);
    }

    /** Plans the job's change from the pool as it is now; refused plans carry their error findings. */
    public abstract ChangePlan plan(JobContext ctx) throws InterruptedException;

    /** Records what planning learned that later steps need (e.g. pinned certificates); the plan is not refused. */
    public void planned(JobContext ctx, ChangePlan plan) {
    }

    /** Called once after every step succeeded. */
    public abstract void succeeded(JobContext ctx, ChangePlan plan);

    /** Called once after the rollback; {@code plan} is null when planning itself failed. */
    public abstract void failed(JobContext ctx, ChangePlan plan, String step, String reason);

    /** Prepares the store for a retry of a failed job, inside the caller's transaction. */
    public void prepareRetry(Handle h, JobContext failed) {
    }
}
