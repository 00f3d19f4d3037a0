package io.o2pool.manager.drift;

import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.change.ChangeOperation;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.JobKind;
import java.util.List;
import java.util.Set;

/**
 * Re-sync: brings every member back to the pool's configuration when one drifted (missed a generation while it was
 * away, or had its files edited by hand): see {@link ResyncPlanner}.
 */
public final class ResyncOperation extends ChangeOperation {

    public ResyncOperation(PoolAgents agents) {
        super(JobKind.RESYNC, ResyncStep.class, agents);
    }

    @Override
    public ChangePlan plan(JobContext ctx) throws InterruptedException {
        return plan(PoolState.load(ctx.store(), ctx.poolId(), Set.of()), ctx.clock().instant());
    }

    /** Plans re-syncing the pool in {@code state}: reads every member's live files, changes nothing. */
    public ChangePlan plan(PoolState state, java.time.Instant now) throws InterruptedException {
        var lives = FanOut.all(agents.connect(state.participants()), AgentGateway::liveConfig);
        return ResyncPlanner.plan(state, lives, now);
    }

    @Override
    public void succeeded(JobContext ctx, ChangePlan plan) {
        var members = PoolState.load(ctx.store(), ctx.poolId(), Set.of()).members();
        ctx.store().jdbi().useHandle(h -> members.forEach(m -> ctx.store().drifts().clear(h, m.id())));
        List<String> fixed = plan.findings().stream().filter(f -> f.code().equals("config.drift"))
                .map(Finding::server).toList();
        if (!fixed.isEmpty()) {
            ctx.store().events().append("config.resynced", ctx.poolId(), null, ctx.jobId(), "pool " + plan.pool()
                    + ": " + fixed + " re-synced; every member runs generation " + plan.generation());
        }
    }

    @Override
    public void failed(JobContext ctx, ChangePlan plan, String step, String reason) {
        var pool = ctx.store().pools().find(ctx.poolId()).orElseThrow();
        ctx.store().events().append("config.resync-failed", pool.id(), null, ctx.jobId(), "pool " + pool.name()
                + ": re-sync failed at step " + step + ": " + reason);
    }
}
