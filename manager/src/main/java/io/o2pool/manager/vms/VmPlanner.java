package io.o2pool.manager.vms;

import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.PlannedStep;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans VM operations from the pool, its servers and its VMs as the manager knows them: pure functions. A VM is only
 * ever started where no other server may run it: a VM whose server is UNREACHABLE (its agent silent while the disk
 * heartbeat may still see it) is refused everywhere else; one whose server is DEAD or FENCED may start elsewhere, and
 * the agent that starts it checks that death again in its own heartbeat view before it takes the VM's lease.
 */
public final class VmPlanner {
    private VmPlanner() {
    }

    /** Defining a VM: its definition is written to the repository through the first live member. */
    public static ChangePlan create(PoolState state, Vm vm) {
        List<Finding> findings = new ArrayList<>();
        Optional<Server> through = live(state).stream().findFirst();
        if (through.isEmpty()) {
            findings.add(noLiveServer(state, "define " + vm.name()));
        }
        List<PlannedStep> steps = findings.isEmpty() ? List.of(new PlannedStep(VmStep.DEFINE, "write the definition"
                + " of " + vm.name() + " (" + vm.vcpus() + " vCPU, " + vm.memoryMib() + " MiB, " + vm.image()
                + (vm.ha() ? ", HA" : "") + ") to the repository through " + through.get().name(),
                new Effect.DefineVm(through.get().name(), vm.name()))) : List.of();
        return plan(JobKind.VM_CREATE, state, findings, steps, List.of());
    }

    /**
     * Starting a stopped VM on {@code requested} (a server name), or on its preferred server, or on the least loaded
     * live one.
     */
    public static ChangePlan start(PoolState state, Vm vm, List<Vm> vms, String requested) {
        List<Finding> findings = new ArrayList<>();
        Server current = serverOf(state, vm);
        if (vm.state().mayRun() && current != null) {
            findings.add(Finding.error("vm.running", current.name(), "VM " + vm.name() + " is " + vm.state()
                    + " on " + current.name(), vm.state() == VmState.UNKNOWN ? "the agent of " + current.name()
                    + " does not answer while its disk heartbeat may still be seen: bring the agent back (the VM may"
                    + " still run there); it is never started elsewhere while that is possible"
                    : "stop it first, or migrate it"));
        }
        Placement placement = new Placement(state.members(), vms, Set.of());
        Server target = null;
        if (requested != null) {
            target = state.member(requested).orElse(null);
            if (target == null) {
                findings.add(Finding.error("vm.server", requested, "server " + requested + " is not a member of pool "
                        + state.pool().name(), "name one of " + state.members().stream().map(Server::name).toList()));
            } else if (target.status() != ServerStatus.ACTIVE) {
                findings.add(Finding.error("vm.server", target.name(), "server " + target.name() + " is "
                        + target.status() + "; VMs start only on ACTIVE servers", "choose an ACTIVE server"));
            }
        } else {
            target = placement.place(vm).orElse(null);
            if (target == null) {
                findings.add(noLiveServer(state, "start " + vm.name()));
            }
        }
        if (!findings.isEmpty()) {
            return plan(JobKind.VM_START, state, findings, List.of(), List.of());
        }
        List<String> notes = new ArrayList<>();
        if (requested == null) {
            notes.add(target.name() + " chosen: " + (target.name().equals(vm.preferredServer()) ? "the VM's preferred"
                    + " server" : "the live server with the least memory committed to VMs"));
        }
        return plan(JobKind.VM_START, state, findings, List.of(new PlannedStep(VmStep.START, "take the ownership lease"
                + " of " + vm.name() + " and start it on " + target.name(), new Effect.StartVm(target.name(),
                vm.name()))), notes);
    }

    /** Stopping a VM: ACPI shutdown, forced off after {@code timeout}. */
    public static ChangePlan stop(PoolState state, Vm vm, Duration timeout) {
        List<Finding> findings = new ArrayList<>();
        Server current = serverOf(state, vm);
        if (!vm.state().mayRun() || current == null) {
            findings.add(Finding.error("vm.stopped", vm.name(), "VM " + vm.name() + " is " + vm.state()
                    + " (not running)", "nothing to stop"));
        } else if (current.status() != ServerStatus.ACTIVE) {
            findings.add(Finding.error("vm.server", current.name(), "VM " + vm.name() + " runs on " + current.name()
                    + ", which is " + current.status(), current.status() == ServerStatus.UNREACHABLE
                    ? "bring the agent of " + current.name() + " back first" : "wait until " + current.name()
                    + " is ACTIVE"));
        }
        List<PlannedStep> steps = findings.isEmpty() ? List.of(new PlannedStep(VmStep.STOP, "shut " + vm.name()
                + " down on " + current.name() + " (forced off after " + timeout.toSeconds() + " s) and release its"
                + " lease", new Effect.StopVm(current.name(), vm.name(), timeout.toSeconds()))) : List.of();
        return plan(JobKind.VM_STOP, state, findings, steps, List.of());
    }

    /** Live-migrating a running VM to server {@code to}. */
    public static ChangePlan migrate(PoolState state, Vm vm, String to) {
        List<Finding> findings = new ArrayList<>();
        Server current = serverOf(state, vm);
        Server target = state.member(to).orElse(null);
        if (vm.state() != VmState.RUNNING || current == null) {
            findings.add(Finding.error("vm.not-running", vm.name(), "VM " + vm.name() + " is " + vm.state()
                    + "; only a RUNNING VM is live-migrated", "start it on " + to + " instead"));
        } else if (current.status() != ServerStatus.ACTIVE) {
            findings.add(Finding.error("vm.server", current.name(), "VM " + vm.name() + " runs on " + current.name()
                    + ", which is " + current.status(), "wait until " + current.name() + " is ACTIVE"));
        }
        if (target == null) {
            findings.add(Finding.error("vm.server", to, "server " + to + " is not a member of pool "
                    + state.pool().name(), "name one of " + state.members().stream().map(Server::name).toList()));
        } else if (target.status() != ServerStatus.ACTIVE) {
            findings.add(Finding.error("vm.server", target.name(), "server " + target.name() + " is "
                    + target.status() + "; VMs migrate only to ACTIVE servers", "choose an ACTIVE server"));
        } else if (current != null && current.id() == target.id()) {
            findings.add(Finding.error("vm.server", target.name(), "VM " + vm.name() + " already runs on "
                    + target.name(), "choose another server"));
        }
        List<PlannedStep> steps = findings.isEmpty() ? List.of(migration(vm, current, target)) : List.of();
        return plan(JobKind.VM_MIGRATE, state, findings, steps, List.of());
    }

    /** Deleting a VM that does not run: its definition goes from the repository (and the hypervisor that has it). */
    public static ChangePlan delete(PoolState state, Vm vm) {
        List<Finding> findings = new ArrayList<>();
        if (vm.state().mayRun()) {
            findings.add(Finding.error("vm.running", vm.name(), "VM " + vm.name() + " is " + vm.state(),
                    "stop it first"));
        }
        Server current = serverOf(state, vm);
        Optional<Server> through = current != null && current.status() == ServerStatus.ACTIVE ? Optional.of(current)
                : live(state).stream().findFirst();
        if (findings.isEmpty() && through.isEmpty()) {
            findings.add(noLiveServer(state, "delete " + vm.name()));
        }
        List<PlannedStep> steps = findings.isEmpty() ? List.of(new PlannedStep(VmStep.UNDEFINE, "remove the definition"
                + " of " + vm.name() + " from " + through.get().name() + " and the repository",
                new Effect.UndefineVm(through.get().name(), vm.name()))) : List.of();
        return plan(JobKind.VM_DELETE, state, findings, steps, List.of());
    }

    /**
     * Draining {@code server}: a migration of each VM that may run there to the least loaded other live server, in
     * one step; findings when a VM cannot move (not RUNNING, no other live server). Used by Maintenance enter.
     */
    public static Drain drain(PoolState state, Server server, List<Vm> vms) {
        List<Vm> here = vms.stream().filter(v -> v.mayRunOn(server)).toList();
        if (here.isEmpty()) {
            return new Drain(List.of(), List.of(), List.of());
        }
        List<Finding> findings = new ArrayList<>();
        List<Effect> moves = new ArrayList<>();
        Placement placement = new Placement(state.members(), vms, Set.of(server.id()));
        for (Vm vm : here) {
            if (vm.state() != VmState.RUNNING) {
                findings.add(Finding.error("vm.busy", server.name(), "VM " + vm.name() + " on " + server.name()
                        + " is " + vm.state(), "wait until it is RUNNING or stop it, then retry"));
                continue;
            }
            Optional<Server> to = placement.place(vm);
            if (to.isEmpty()) {
                findings.add(Finding.error("vm.drain", server.name(), "no other ACTIVE server in pool "
                        + state.pool().name() + " can take VM " + vm.name(), "stop it, or bring another server"
                        + " back first"));
            } else {
                moves.add(new Effect.MigrateVm(server.name(), vm.name(), to.get().name()));
            }
        }
        List<String> names = here.stream().map(Vm::name).toList();
        return new Drain(findings, moves, names);
    }

    /** The migrations that drain a server, and why it cannot be drained. */
    public record Drain(List<Finding> findings, List<Effect> migrations, List<String> vms) {
        public Drain {
            findings = List.copyOf(findings);
            migrations = List.copyOf(migrations);
            vms = List.copyOf(vms);
        }

        /** The step, or empty when nothing runs there. */
        public Optional<String> describe(Server server) {
            return migrations.isEmpty() ? Optional.empty() : Optional.of("live-migrate " + String.join(", ", vms)
                    + " off " + server.name() + ": " + String.join(", ", migrations.stream()
                    .map(e -> ((Effect.MigrateVm) e).vm() + " to " + ((Effect.MigrateVm) e).to()).toList()));
        }
    }

    private static PlannedStep migration(Vm vm, Server from, Server to) {
        return new PlannedStep(VmStep.MIGRATE, "live-migrate " + vm.name() + " from " + from.name() + " to "
                + to.name() + " (its lease moves with it)", new Effect.MigrateVm(from.name(), vm.name(), to.name()));
    }

    static ChangePlan plan(JobKind kind, PoolState state, List<Finding> findings, List<PlannedStep> steps,
            List<String> notes) {
        var pool = state.pool();
        return new ChangePlan(kind, pool.name(), findings, 0, null, null, pool.generation(), pool.timeouts(),
                pool.timeouts(), state.repository(), findings.stream().anyMatch(Finding::isError) ? List.of() : steps,
                notes);
    }

    static List<Server> live(PoolState state) {
        return state.members().stream().filter(s -> s.status() == ServerStatus.ACTIVE).toList();
    }

    static Server serverOf(PoolState state, Vm vm) {
        return state.members().stream().filter(vm::placedOn).findFirst().orElse(null);
    }

    static Finding noLiveServer(PoolState state, String what) {
        return Finding.error("vm.no-server", state.pool().name(), "pool " + state.pool().name() + " has no ACTIVE"
                + " server to " + what, "add a server or bring one back first");
    }
}
