package io.o2pool.manager.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.JobKind;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A cluster-change job: its first step plans the change (the same plan {@code POST /api/plan} shows), records the
 * plan in the job's state under {@code plan} and makes the plan's steps the job's next steps; each later step runs
 * that planned step's effects through the {@link ChangeExecutor}, and a rollback undoes the executed steps in reverse
 * from the same recorded plan. So the plan a user reviews is the plan that runs, and a job shows the plan it ran.
 */
public final class ChangeJob implements JobHandler {
    private final ChangeOperation operation;
    private final ChangeExecutor executor;
    private final PlanCodec codec;

    public ChangeJob(ChangeOperation operation, ChangeExecutor executor, PlanCodec codec) {
        this.operation = operation;
        this.executor = executor;
        this.codec = codec;
    }

    @Override
    public JobKind kind() {
        return operation.kind();
    }

    @Override
    public List<String> steps(ObjectNode input) {
        return List.of(operation.planningStep().id());
    }

    @Override
    public void run(String step, JobContext ctx) throws StepFailedException, InterruptedException {
        if (step.equals(operation.planningStep().id())) {
            plan(ctx);
            return;
        }
        ChangePlan plan = recordedPlan(ctx);
        executor.run(plan, planned(plan, step), ctx);
    }

    private void plan(JobContext ctx) throws StepFailedException, InterruptedException {
        ChangePlan plan = operation.plan(ctx);
        ctx.state().set("plan", codec.write(plan));
        plan.findings().forEach(f -> ctx.note(f.toString()));
        if (plan.refused()) {
            List<Finding> errors = plan.errors();
            throw new StepFailedException(operation.planningStep().id() + " found " + errors.size()
                    + " error(s); nothing was changed: " + String.join("; ", errors.stream()
                    .map(Finding::toString).toList()));
        }
        operation.planned(ctx, plan);
        plan.notes().forEach(ctx::note);
        ctx.note("plan: " + (plan.steps().isEmpty() ? "nothing to change" : String.join(", ", plan.stepIds())));
        ctx.followWith(plan.stepIds());
    }

    @Override
    public void undo(String step, JobContext ctx) throws InterruptedException {
        if (step.equals(operation.planningStep().id()) || !ctx.state().has("plan")) {
            return; // planning changes nothing on any server
        }
        ChangePlan plan = recordedPlan(ctx);
        executor.undo(plan, planned(plan, step), ctx);
    }

    @Override
    public void succeeded(JobContext ctx) {
        operation.succeeded(ctx, recordedPlan(ctx));
    }

    @Override
    public void failed(JobContext ctx, String step, String reason) {
        operation.failed(ctx, ctx.state().has("plan") ? recordedPlan(ctx) : null, step, reason);
    }

    @Override
    public void prepareRetry(Handle h, JobContext failed) {
        operation.prepareRetry(h, failed);
    }

    /** The plan the job recorded in its planning step. */
    public ChangePlan recordedPlan(JobContext ctx) {
        JsonNode plan = ctx.state().get("plan");
        if (plan == null) {
            throw new IllegalStateException("job " + ctx.jobId() + " has no recorded plan");
        }
        return codec.read(plan, operation::step);
    }

    private static PlannedStep planned(ChangePlan plan, String step) {
        return plan.step(step).orElseThrow(() -> new IllegalStateException("step " + step
                + " is not in the job's plan " + plan.stepIds()));
    }
}
