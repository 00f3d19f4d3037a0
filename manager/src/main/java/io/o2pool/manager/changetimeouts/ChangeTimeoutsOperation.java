package io.o2pool.manager.changetimeouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.change.ChangeOperation;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Change Timeouts: the pool's four o2cb timeouts on every node at once (see {@link ChangeTimeoutsStep}); refused while
 * any VM runs on any member, since the repository is unmounted meanwhile. A failure undoes the steps in reverse, so the
 * cluster runs again with the previous timeouts as a newer generation.
 */
public final class ChangeTimeoutsOperation extends ChangeOperation {
    private final Duration liveTimeout;

    public ChangeTimeoutsOperation(PoolAgents agents, Duration liveTimeout) {
        super(JobKind.CHANGE_TIMEOUTS, ChangeTimeoutsStep.class, agents);
        this.liveTimeout = liveTimeout;
    }

    /** The job input: the wanted timeouts. */
    public static ObjectNode input(ObjectMapper json, O2cbTimeouts wanted) {
        return input(json, wanted, false);
    }

    /** The job input: the wanted timeouts, and whether the VMs o2pool runs are stopped first and started again. */
    public static ObjectNode input(ObjectMapper json, O2cbTimeouts wanted, boolean stopVms) {
        return json.createObjectNode().put("stop_vms", stopVms)
                .put("heartbeat_dead_threshold", wanted.heartbeatDeadThreshold())
                .put("idle_timeout_ms", wanted.idleTimeoutMs())
                .put("keepalive_delay_ms", wanted.keepaliveDelayMs())
                .put("reconnect_delay_ms", wanted.reconnectDelayMs());
    }

    static O2cbTimeouts timeouts(JsonNode node) {
        return new O2cbTimeouts(node.path("heartbeat_dead_threshold").asInt(), node.path("idle_timeout_ms").asInt(),
                node.path("keepalive_delay_ms").asInt(), node.path("reconnect_delay_ms").asInt());
    }

    @Override
    public ChangePlan plan(JobContext ctx) throws InterruptedException {
        return plan(PoolState.load(ctx.store(), ctx.poolId(), Set.of()), timeouts(ctx.input()),
                ctx.store().vms().listByPool(ctx.poolId()), ctx.input().path("stop_vms").asBoolean(false));
    }

    /** Plans giving the pool in {@code state} the timeouts {@code wanted}: reads every member's facts, changes nothing. */
    public ChangePlan plan(PoolState state, O2cbTimeouts wanted) throws InterruptedException {
        return plan(state, wanted, List.of(), false);
    }

    /** As {@link #plan(PoolState, O2cbTimeouts)} knowing the pool's VMs; {@code stopVms} stops and restarts them. */
    public ChangePlan plan(PoolState state, O2cbTimeouts wanted, List<io.o2pool.manager.model.Vm> vms, boolean stopVms)
            throws InterruptedException {
        List<FanOut.Outcome<AgentFacts>> facts = wanted.equals(state.pool().timeouts()) ? List.of() // refused anyway
                : FanOut.all(agents.connect(state.participants()), AgentGateway::facts);
        return ChangeTimeoutsPlanner.plan(state, wanted, facts, liveTimeout, vms, stopVms);
    }

    @Override
    public void succeeded(JobContext ctx, ChangePlan plan) {
        ctx.store().events().append("pool.timeouts", ctx.poolId(), null, ctx.jobId(), "pool " + plan.pool()
                + " runs with " + describe(plan.timeouts()) + " (generation " + plan.generation() + ")");
    }

    @Override
    public void failed(JobContext ctx, ChangePlan plan, String step, String reason) {
        var pool = ctx.store().pools().find(ctx.poolId()).orElseThrow();
        ctx.store().events().append("pool.timeouts", pool.id(), null, ctx.jobId(), "pool " + pool.name()
                + " keeps " + describe(pool.timeouts()) + ": the change failed at step " + step + ": " + reason);
    }

    public static String describe(O2cbTimeouts t) {
        return "heartbeat_dead_threshold " + t.heartbeatDeadThreshold() + ", idle_timeout_ms " + t.idleTimeoutMs()
                + ", keepalive_delay_ms " + t.keepaliveDelayMs() + ", reconnect_delay_ms " + t.reconnectDelayMs();
    }
}
