package io.o2pool.manager.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Maintenance mode: entering detaches the repository and stops the stack of a live server, which becomes MAINTENANCE
 * (the other members seeing it dead is expected: no ERROR, no alarm, changes skip it); leaving brings it to the
 * pool's current generation before its stack starts, attaches the repository and waits until every node is live,
 * then it is ACTIVE. See {@link MaintenancePlanner}.
 */
public final class MaintenanceOperation extends ChangeOperation {
    private final boolean enter;
    private final Duration liveTimeout;

    private MaintenanceOperation(boolean enter, PoolAgents agents, Duration liveTimeout) {
        super(enter ? JobKind.MAINTENANCE_ENTER : JobKind.MAINTENANCE_EXIT,
                enter ? MaintenanceEnterStep.class : MaintenanceExitStep.class, agents);
        this.enter = enter;
        this.liveTimeout = liveTimeout;
    }

    public static MaintenanceOperation enter(PoolAgents agents) {
        return new MaintenanceOperation(true, agents, Duration.ZERO);
    }

    public static MaintenanceOperation exit(PoolAgents agents, Duration liveTimeout) {
        return new MaintenanceOperation(false, agents, liveTimeout);
    }

    /** The job input: the server. */
    public static ObjectNode input(ObjectMapper json, long serverId) {
        return json.createObjectNode().put("server_id", serverId);
    }

    @Override
    public ChangePlan plan(JobContext ctx) throws InterruptedException {
        return plan(PoolState.load(ctx.store(), ctx.poolId(), Set.of()), server(ctx),
                ctx.store().vms().listByPool(ctx.poolId()));
    }

    /** Plans the change for {@code server} in the pool in {@code state}: asks its agent, changes nothing. */
    public ChangePlan plan(PoolState state, Server server, List<io.o2pool.manager.model.Vm> vms)
            throws InterruptedException {
        AgentGateway agent = agents.connect(server);
        var facts = FanOut.all(List.of(agent), AgentGateway::facts).getFirst();
        if (enter) {
            return MaintenancePlanner.enter(state, server, facts, vms);
        }
        var live = FanOut.all(List.of(agent), AgentGateway::liveConfig).getFirst();
        return MaintenancePlanner.exit(state, server, facts, live.ok() ? live.value() : null, liveTimeout);
    }

    @Override
    public void succeeded(JobContext ctx, ChangePlan plan) {
        Server s = server(ctx);
        ServerStatus now = enter ? ServerStatus.MAINTENANCE : ServerStatus.ACTIVE;
        String reason = enter ? "in maintenance: stack stopped, repository detached" : null;
        Instant at = ctx.clock().instant();
        ctx.store().jdbi().useHandle(h -> ctx.store().servers().setStatus(h, s.id(), now, null, reason, at));
        ctx.store().events().append(enter ? "server.maintenance" : "server.status", ctx.poolId(), s.id(), ctx.jobId(),
                "server " + s.name() + (enter ? " is in MAINTENANCE (its stack is stopped; the other members expect"
                        + " its node dead)" : " is ACTIVE again at generation " + plan.generation() + " (back "
                        + (s.status() == ServerStatus.MAINTENANCE ? "from maintenance" : "after it was "
                        + s.status()) + ")"));
    }

    @Override
    public void failed(JobContext ctx, ChangePlan plan, String step, String reason) {
        Server s = server(ctx);
        ctx.store().events().append("server.maintenance", ctx.poolId(), s.id(), ctx.jobId(), "server " + s.name()
                + (enter ? " did not enter" : " did not leave") + " maintenance (step " + step + "): " + reason
                + "; it stays " + s.status());
    }

    private static Server server(JobContext ctx) {
        long id = ctx.input().path("server_id").asLong();
        return ctx.store().servers().find(id)
                .orElseThrow(() -> new IllegalStateException("server " + id + " no longer exists"));
    }
}
