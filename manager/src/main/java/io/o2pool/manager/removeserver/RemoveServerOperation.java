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
        Server removed = removed(ctx);
        if (ctx.input().has("status_before")) { // judged as it was before the API marked it REMOVING
            removed = withStatus(removed, ServerStatus.valueOf(ctx.input().path("status_before").asText()));
        }
        return plan(PoolState.load(ctx.store(), ctx.poolId(), Set.of()), removed,
                ctx.input().path("force").asBoolean(false), ctx.store().vms().listByPool(ctx.poolId()));
    }

    /**
     * Plans removing {@code removed} from the pool in {@code state}, gracefully or ({@code force}) as a dead server
     * the others drop without contacting it: reads the agents, changes nothing.
     */
    public ChangePlan plan(PoolState state, Server removed, boolean force) throws InterruptedException {
        return plan(state, removed, force, List.of());
    }

    /** As {@link #plan(PoolState, Server, boolean)} knowing the pool's VMs (a graceful removal drains them). */
    public ChangePlan plan(PoolState state, Server removed, boolean force, List<io.o2pool.manager.model.Vm> vms)
            throws InterruptedException {
        List<Server> remaining = state.participants().stream().filter(s -> s.id() != removed.id()).toList();
        var remainingFacts = FanOut.all(agents.connect(remaining), AgentGateway::facts);
        if (force) {
            var views = FanOut.all(agents.connect(remaining), AgentGateway::membership);
            return RemoveServerPlanner.forced(state, removed, views, remainingFacts);
        }
        var removedFacts = FanOut.all(List.of(agents.connect(removed)), AgentGateway::facts).getFirst();
        return RemoveServerPlanner.plan(state, removed, removedFacts, remainingFacts, vms);
    }

    /** The job input: the server, and whether it is removed by force (dead: not contacted). */
    public static com.fasterxml.jackson.databind.node.ObjectNode input(
            com.fasterxml.jackson.databind.ObjectMapper json, long serverId, boolean force) {
        return json.createObjectNode().put("server_id", serverId).put("force", force);
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
        ServerStatus before = ServerStatus.valueOf(ctx.input().path("status_before").asText("ERROR"));
        // a refused removal changed nothing: the server keeps the status it had (a dead one stays DEAD)
        boolean refused = step.equals(planningStep().id());
        ServerStatus after = refused && before != ServerStatus.REMOVING ? before : ServerStatus.ERROR;
        ctx.store().jdbi().useHandle(h -> ctx.store().servers().setStatus(h, removed.id(), after,
                after == ServerStatus.ERROR ? step : removed.statusStep(),
                after == ServerStatus.ERROR ? "remove failed: " + reason : removed.statusReason(),
                ctx.clock().instant()));
        ctx.store().events().append("server.remove-failed", ctx.poolId(), removed.id(), ctx.jobId(), "server "
                + removed.name() + " was not removed (step " + step + "): " + reason);
    }

    @Override
    public void prepareRetry(Handle h, JobContext failed) {
        failed.store().servers().setStatus(h, failed.input().path("server_id").asLong(), ServerStatus.REMOVING, null,
                null, failed.clock().instant());
    }

    private static Server withStatus(Server s, ServerStatus status) {
        return new Server(s.id(), s.poolId(), s.host(), s.name(), s.type(), s.location(), s.description(),
                s.ipAddress(), s.nodeNumber(), s.nodeName(), status, s.statusStep(), s.statusReason(), s.agentPort(),
                s.agentPassword(), s.agentFingerprint(), s.configGeneration(), s.createdAt(), s.updatedAt());
    }

    private static Server removed(JobContext ctx) {
        long id = ctx.input().path("server_id").asLong();
        return ctx.store().servers().find(id)
                .orElseThrow(() -> new IllegalStateException("server " + id + " no longer exists"));
    }
}
