package io.o2pool.manager.removeserver;

import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.change.ChangeOperation;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Remove Server (graceful): the leaving server unmounts the repository and stops its stack, then every remaining
 * member commits a generation without it; all-or-nothing on the remaining members. The server is forgotten when the
 * job succeeds, and ERROR with the reason when it fails.
 */
public final class RemoveServerOperation extends ChangeOperation {

    public RemoveServerOperation(PoolAgents agents) {
        super(JobKind.REMOVE_SERVER, RemoveServerStep.class, agents);
    }

    @Override
    public ChangePlan plan(JobContext ctx) throws InterruptedException {
        return plan(PoolState.load(ctx.store(), ctx.poolId(), Set.of()), removed(ctx));
    }

    /** Plans removing {@code removed} from the pool in {@code state}: reads the agents, changes nothing. */
    public ChangePlan plan(PoolState state, Server removed) throws InterruptedException {
        List<Server> remaining = state.participants().stream().filter(s -> s.id() != removed.id()).toList();
        var removedFacts = FanOut.all(List.of(agents.connect(removed)), AgentGateway::facts).getFirst();
        var remainingFacts = FanOut.all(agents.connect(remaining), AgentGateway::facts);
        return RemoveServerPlanner.plan(state, removed, removedFacts, remainingFacts);
    }

    @Override
    public void succeeded(JobContext ctx, ChangePlan plan) {
        Server removed = removed(ctx);
        ctx.store().jdbi().useHandle(h -> ctx.store().servers().delete(h, removed.id()));
        ctx.store().events().append("server.removed", ctx.poolId(), removed.id(), ctx.jobId(), "server "
                + removed.name() + " (node " + removed.nodeNumber() + ") removed from pool " + plan.pool());
    }

    @Override
    public void failed(JobContext ctx, ChangePlan plan, String step, String reason) {
        Server removed = removed(ctx);
        ctx.store().jdbi().useHandle(h -> ctx.store().servers().setStatus(h, removed.id(), ServerStatus.ERROR,
                step, "remove failed: " + reason, ctx.clock().instant()));
    }

    @Override
    public void prepareRetry(Handle h, JobContext failed) {
        failed.store().servers().setStatus(h, failed.input().path("server_id").asLong(), ServerStatus.REMOVING, null,
                null, failed.clock().instant());
    }

    private static Server removed(JobContext ctx) {
        long id = ctx.input().path("server_id").asLong();
        return ctx.store().servers().find(id)
                .orElseThrow(() -> new IllegalStateException("server " + id + " no longer exists"));
    }
}
