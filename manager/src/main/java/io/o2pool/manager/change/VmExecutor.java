package io.o2pool.manager.change;

import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.VmDestination;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes and undoes the VM effects of a plan ({@link Effect.OnVm}), and records in the manager where each VM is and
 * in what state after each one. The effects of one wave run one after the other (a VM operation is short; two
 * migrations at once would only share the link), every one is tried, and the step fails with every failure named.
 * Every effect is idempotent on the agent, so a step may run again after a restart.
 */
final class VmExecutor {
    /** How long past the pool's dead bound an HA restart waits for a survivor's heartbeat to see the death. */
    static final Duration HA_LEASE_MARGIN = Duration.ofSeconds(15);

    private final PoolAgents agents;
    private final Duration pollInterval;

    VmExecutor(PoolAgents agents, Duration pollInterval) {
        this.agents = agents;
        this.pollInterval = pollInterval;
    }

    void run(ChangePlan plan, List<Effect> wave, JobContext ctx) throws StepFailedException, InterruptedException {
        List<FanOut.Outcome<Void>> outcomes = new ArrayList<>();
        for (Effect e : wave) {
            Effect.OnVm effect = (Effect.OnVm) e;
            try {
                if (effect instanceof Effect.StartVm start && plan.kind() == io.o2pool.manager.model.JobKind.VM_HA_RESTART) {
                    startAfterDeath(plan, start, ctx);
                } else {
                    run(effect, ctx);
                }
                outcomes.add(new FanOut.Outcome<>(effect.server(), null, null));
            } catch (RuntimeException failure) {
                outcomes.add(new FanOut.Outcome<>(effect.server(), null, failure));
                ctx.note(describe(effect) + " failed: " + failure.getMessage());
            }
        }
        PoolAgents.require(describe((Effect.OnVm) wave.getFirst()).split(" ")[0] + " VMs", outcomes);
    }

    void undo(List<Effect> wave, JobContext ctx) {
        for (int i = wave.size() - 1; i >= 0; i--) {
            Effect.OnVm effect = (Effect.OnVm) wave.get(i);
            try {
                undo(effect, ctx);
            } catch (RuntimeException failure) {
                ctx.note("undo of " + describe(effect) + " failed: " + failure.getMessage());
            }
        }
    }

    private void run(Effect.OnVm effect, JobContext ctx) {
        Vm vm = vm(ctx, effect.vm());
        Server server = ChangeExecutor.server(ctx, effect.server());
        AgentGateway agent = agents.connect(server);
        switch (effect) {
            case Effect.DefineVm d -> {
                agent.defineVm(vm);
                ctx.note("defined " + vm.name() + " in the repository through " + server.name());
            }
            case Effect.StartVm s -> {
                record(ctx, vm, server, VmState.STARTING, "starting on " + server.name());
                try {
                    agent.startVm(vm.name());
                } catch (RuntimeException refused) { // nothing started: the record goes back to what it was
                    Instant now = ctx.clock().instant();
                    ctx.store().jdbi().useHandle(h -> ctx.store().vms().setPlacement(h, vm.id(), vm.serverId(),
                            vm.state(), vm.stateReason(), now));
                    throw refused;
                }
                record(ctx, vm, server, VmState.RUNNING, null);
                ctx.note(vm.name() + " runs on " + server.name());
            }
            case Effect.StopVm s -> {
                record(ctx, vm, server, VmState.STOPPING, "stopping on " + server.name());
                agent.stopVm(vm.name(), Duration.ofSeconds(s.timeoutSeconds()));
                record(ctx, vm, server, VmState.STOPPED, "stopped on " + server.name());
                ctx.note(vm.name() + " stopped on " + server.name());
            }
            case Effect.MigrateVm m -> {
                Server to = ChangeExecutor.server(ctx, m.to());
                VmDestination destination = agents.connect(to).vmDestination();
                record(ctx, vm, server, VmState.MIGRATING, "migrating from " + server.name() + " to " + to.name());
                agent.migrateVm(vm.name(), destination);
                record(ctx, vm, to, VmState.RUNNING, "migrated from " + server.name());
                ctx.note(vm.name() + " live-migrated from " + server.name() + " to " + to.name());
            }
            case Effect.UndefineVm u -> {
                agent.undefineVm(vm.name());
                ctx.note("undefined " + vm.name() + " on " + server.name() + " and in the repository");
            }
        }
    }

    /**
     * An HA restart may be planned as soon as the dead server's own stack reports it fenced, before the survivors'
     * disk heartbeat has declared it dead; the survivor's agent refuses the lease until then. So a lease refusal is
     * retried every poll interval until the pool's dead bound (threshold × 2 s) plus a margin has passed; any other
     * failure, or the bound, fails the start.
     */
    private void startAfterDeath(ChangePlan plan, Effect.StartVm start, JobContext ctx) throws InterruptedException {
        Duration bound = Duration.ofMillis(2000L * plan.timeouts().heartbeatDeadThreshold()).plus(HA_LEASE_MARGIN);
        java.time.Instant deadline = ctx.clock().instant().plus(bound);
        while (true) {
            try {
                run(start, ctx);
                return;
            } catch (io.o2pool.manager.agents.AgentException e) {
                if (!e.isLeaseRefusal() || !ctx.clock().instant().isBefore(deadline)) {
                    throw e;
                }
                ctx.note("waiting for " + start.server() + "'s disk heartbeat to declare the holder of "
                        + start.vm() + "'s lease dead (" + e.getMessage() + ")");
                ctx.pacer().pause(pollInterval);
            }
        }
    }

    private void undo(Effect.OnVm effect, JobContext ctx) {
        Vm vm = ctx.store().vms().findByName(effect.vm()).orElse(null);
        if (vm == null) {
            return;
        }
        Server server = ChangeExecutor.server(ctx, effect.server());
        AgentGateway agent = agents.connect(server);
        switch (effect) {
            case Effect.DefineVm d -> agent.undefineVm(vm.name());
            case Effect.StartVm s -> {
                agent.destroyVm(vm.name());
                record(ctx, vm, server, VmState.STOPPED, "forced off on " + server.name() + ": the job rolled back");
                ctx.note("undo: " + vm.name() + " forced off on " + server.name());
            }
            case Effect.StopVm s -> {
                agent.startVm(vm.name());
                record(ctx, vm, server, VmState.RUNNING, null);
                ctx.note("undo: " + vm.name() + " started again on " + server.name());
            }
            case Effect.MigrateVm m -> {
                if (vm.serverId() != null && vm.serverId() != server.id()) { // it moved: bring it back
                    Server to = ChangeExecutor.server(ctx, m.to());
                    agents.connect(to).migrateVm(vm.name(), agent.vmDestination());
                    record(ctx, vm, server, VmState.RUNNING, "migrated back from " + to.name());
                    ctx.note("undo: " + vm.name() + " migrated back from " + to.name() + " to " + server.name());
                } else {
                    record(ctx, vm, server, VmState.RUNNING, null);
                }
            }
            case Effect.UndefineVm u -> { } // the last step of a deletion
        }
    }

    static String describe(Effect.OnVm effect) {
        return switch (effect) {
            case Effect.DefineVm d -> "define " + d.vm() + " through " + d.server();
            case Effect.StartVm s -> "start " + s.vm() + " on " + s.server();
            case Effect.StopVm s -> "stop " + s.vm() + " on " + s.server();
            case Effect.MigrateVm m -> "migrate " + m.vm() + " from " + m.server() + " to " + m.to();
            case Effect.UndefineVm u -> "undefine " + u.vm() + " through " + u.server();
        };
    }

    private static void record(JobContext ctx, Vm vm, Server server, VmState state, String reason) {
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useHandle(h -> ctx.store().vms().setPlacement(h, vm.id(), server.id(), state, reason, now));
    }

    private static Vm vm(JobContext ctx, String name) {
        return ctx.store().vms().findByName(name)
                .orElseThrow(() -> new IllegalStateException("VM " + name + " no longer exists"));
    }
}
