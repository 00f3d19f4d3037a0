package io.o2pool.manager.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.change.ChangeOperation;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.Event;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One VM operation as a job: planned by {@link VmPlanner} (or {@link HaPlanner}) from the store, executed effect by
 * effect by the change executor, which records each VM's placement and state as it goes. The job input names the VM
 * ({@code vm_id}) and, per action, the server ({@code server}), the destination ({@code to}) or the stop timeout
 * ({@code timeout_seconds}); an HA restart names the dead server ({@code server_id}).
 */
public final class VmOperation extends ChangeOperation {
    /** The stop timeout when none is given: ACPI shutdown, then forced off. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final VmAction action;

    public VmOperation(VmAction action, PoolAgents agents) {
        super(action.kind(), VmStep.class, agents);
        this.action = action;
    }

    public VmAction action() {
        return action;
    }

    /** The job input for {@code vm}; {@code server} is the start target or migration destination (null: none). */
    public static ObjectNode input(ObjectMapper json, Vm vm, String server, Duration stopTimeout) {
        ObjectNode input = json.createObjectNode().put("vm_id", vm.id()).put("vm", vm.name());
        if (server != null) {
            input.put("server", server);
        }
        if (stopTimeout != null) {
            input.put("timeout_seconds", stopTimeout.toSeconds());
        }
        return input;
    }

    /** The job input of an HA restart after {@code dead} died. */
    public static ObjectNode haInput(ObjectMapper json, Server dead) {
        return json.createObjectNode().put("server_id", dead.id()).put("server", dead.name());
    }

    @Override
    public ChangePlan plan(JobContext ctx) {
        return plan(ctx.store(), ctx.poolId(), ctx.input());
    }

    /** Plans {@code input} against the store as it is now; changes nothing. */
    public ChangePlan plan(Store store, long poolId, ObjectNode input) {
        PoolState state = PoolState.load(store, poolId, Set.of());
        List<Vm> vms = store.vms().listByPool(poolId);
        if (action == VmAction.HA_RESTART) {
            long serverId = input.path("server_id").asLong();
            Server dead = state.members().stream().filter(s -> s.id() == serverId).findFirst()
                    .orElseThrow(() -> new IllegalStateException("server " + serverId + " is not in the pool"));
            return HaPlanner.plan(state, dead, vms);
        }
        Vm vm = store.vms().find(input.path("vm_id").asLong())
                .orElseThrow(() -> new IllegalStateException("VM " + input.path("vm").asText() + " no longer exists"));
        String server = input.hasNonNull("server") ? input.get("server").asText() : null;
        return switch (action) {
            case CREATE -> VmPlanner.create(state, vm);
            case START -> VmPlanner.start(state, vm, vms, server);
            case STOP -> VmPlanner.stop(state, vm, Duration.ofSeconds(input.path("timeout_seconds")
                    .asLong(DEFAULT_STOP_TIMEOUT.toSeconds())));
            case MIGRATE -> VmPlanner.migrate(state, vm, server);
            case DELETE -> VmPlanner.delete(state, vm);
            case HA_RESTART -> throw new AssertionError("planned above");
        };
    }

    @Override
    public void succeeded(JobContext ctx, ChangePlan plan) {
        Store store = ctx.store();
        Instant now = ctx.clock().instant();
        if (action == VmAction.HA_RESTART) {
            haSucceeded(ctx, plan);
            return;
        }
        Vm vm = store.vms().find(ctx.input().path("vm_id").asLong()).orElse(null);
        if (vm == null) {
            return;
        }
        switch (action) {
            case CREATE -> store.events().append("vm.created", ctx.poolId(), null, ctx.jobId(), "VM " + vm.name()
                    + " defined in pool " + plan.pool() + " (" + vm.vcpus() + " vCPU, " + vm.memoryMib() + " MiB"
                    + (vm.ha() ? ", HA" : "") + ")");
            case START -> {
                store.jdbi().useHandle(h -> store.vms().setDesired(h, vm.id(), VmState.RUNNING, now));
                store.events().append("vm.started", ctx.poolId(), vm.serverId(), ctx.jobId(), "VM " + vm.name()
                        + " started on " + serverName(store, vm.serverId()));
            }
            case STOP -> {
                store.jdbi().useHandle(h -> store.vms().setDesired(h, vm.id(), VmState.STOPPED, now));
                store.events().append("vm.stopped", ctx.poolId(), vm.serverId(), ctx.jobId(), "VM " + vm.name()
                        + " stopped on " + serverName(store, vm.serverId()));
            }
            case MIGRATE -> store.events().append("vm.migrated", ctx.poolId(), vm.serverId(), ctx.jobId(), "VM "
                    + vm.name() + " live-migrated to " + serverName(store, vm.serverId()) + " without stopping");
            case DELETE -> {
                store.jdbi().useHandle(h -> store.vms().delete(h, vm.id()));
                store.events().append("vm.deleted", ctx.poolId(), null, ctx.jobId(), "VM " + vm.name()
                        + " deleted from pool " + plan.pool());
            }
            case HA_RESTART -> throw new AssertionError("handled above");
        }
    }

    private void haSucceeded(JobContext ctx, ChangePlan plan) {
        Store store = ctx.store();
        long deadId = ctx.input().path("server_id").asLong();
        String dead = ctx.input().path("server").asText();
        Long fenceEvent = store.events().listWithDetails("fence.node-fenced", deadId, 1).stream().findFirst()
                .map(Event::id).orElse(null);
        for (var step : plan.steps()) {
            for (Effect e : step.effects()) {
                Effect.StartVm start = (Effect.StartVm) e;
                Server to = store.jdbi().withHandle(h -> store.servers().findByName(h, start.server())).orElse(null);
                String details = "{\"vm\":\"" + start.vm() + "\",\"from\":\"" + dead + "\",\"to\":\"" + start.server()
                        + "\"" + (fenceEvent == null ? "" : ",\"fence_event\":" + fenceEvent) + "}";
                store.events().append("vm.ha-restarted", ctx.poolId(), to == null ? null : to.id(), ctx.jobId(),
                        "HA VM " + start.vm() + " restarted on " + start.server() + " after " + dead + " died"
                        + (fenceEvent == null ? "" : " (fence record: event " + fenceEvent + ")"), details);
            }
        }
    }

    @Override
    public void failed(JobContext ctx, ChangePlan plan, String step, String reason) {
        Store store = ctx.store();
        Instant now = ctx.clock().instant();
        if (action == VmAction.HA_RESTART) {
            String dead = ctx.input().path("server").asText();
            long deadId = ctx.input().path("server_id").asLong();
            for (Vm vm : store.vms().listByServer(deadId)) {
                if (vm.state() == VmState.RESTARTING) {
                    store.jdbi().useHandle(h -> store.vms().setState(h, vm.id(), VmState.DOWN, "the HA restart"
                            + " after " + dead + " died failed: " + reason, now));
                }
            }
            store.events().append("vm.ha-failed", ctx.poolId(), deadId, ctx.jobId(), "HA restart of the VMs of "
                    + dead + " failed at " + step + ": " + reason);
            return;
        }
        Vm vm = store.vms().find(ctx.input().path("vm_id").asLong()).orElse(null);
        if (vm != null && action == VmAction.CREATE) {
            store.jdbi().useHandle(h -> store.vms().delete(h, vm.id())); // never defined: nothing to keep
        }
        store.events().append("vm.failed", ctx.poolId(), vm == null ? null : vm.serverId(), ctx.jobId(),
                action.name().toLowerCase(java.util.Locale.ROOT) + " of VM " + ctx.input().path("vm").asText()
                        + " failed at " + step + ": " + reason);
    }

    private static String serverName(Store store, Long id) {
        return id == null ? "no server" : store.jdbi().withHandle(h -> store.servers().find(h, id))
                .map(Server::name).orElse("server " + id);
    }
}
