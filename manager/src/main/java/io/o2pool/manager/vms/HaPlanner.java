package io.o2pool.manager.vms;

import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.PlannedStep;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.Vm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the restart of a dead server's HA VMs on the survivors, spread by load: a pure function. Only a server the
 * disk heartbeat declared dead (DEAD or FENCED) has its VMs restarted; an UNREACHABLE server may still run them. Each
 * survivor's agent checks that death again in its own heartbeat view before it takes a VM's lease.
 */
public final class HaPlanner {
    private HaPlanner() {
    }

    /** The VMs of {@code dead} that are restarted elsewhere: HA, meant to run, placed there. */
    public static List<Vm> restartable(Server dead, List<Vm> vms) {
        return placedOn(dead, vms).stream().filter(Vm::ha).filter(Vm::wantsRunning).toList();
    }

    /** The VMs of {@code dead} that stay down: not HA, or stopped by an operator. */
    public static List<Vm> staying(Server dead, List<Vm> vms) {
        return placedOn(dead, vms).stream().filter(v -> !v.ha() || !v.wantsRunning()).toList();
    }

    public static ChangePlan plan(PoolState state, Server dead, List<Vm> vms) {
        List<Finding> findings = new ArrayList<>();
        if (!dead.status().isDead()) {
            findings.add(Finding.error("server.status", dead.name(), "server " + dead.name() + " is " + dead.status()
                    + "; only a server the disk heartbeat declared DEAD or FENCED has its VMs restarted elsewhere",
                    "nothing to do: its VMs may still run there"));
            return VmPlanner.plan(JobKind.VM_HA_RESTART, state, findings, List.of(), List.of());
        }
        List<Vm> restart = restartable(dead, vms);
        Placement placement = new Placement(state.members(), vms, Set.of(dead.id()));
        List<Effect> starts = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        for (Vm vm : restart) {
            Optional<Server> to = placement.place(vm);
            if (to.isEmpty()) {
                findings.add(Finding.error("vm.no-server", dead.name(), "no survivor in pool " + state.pool().name()
                        + " can restart HA VM " + vm.name() + " of " + dead.name(), "bring a server back; the VM"
                        + " stays DOWN until then"));
            } else {
                starts.add(new Effect.StartVm(to.get().name(), vm.name()));
                placed.add(vm.name() + " on " + to.get().name());
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(dead.name() + " is " + dead.status() + ": the disk heartbeat says it no longer writes to the shared"
                + " disk, so its VMs no longer run there");
        List<Vm> down = staying(dead, vms);
        if (!down.isEmpty()) {
            notes.add("staying down (not HA, or stopped by an operator): " + down.stream().map(Vm::name).toList());
        }
        List<PlannedStep> steps = starts.isEmpty() ? List.of() : List.of(new PlannedStep(VmStep.START, "restart HA"
                + " VMs of " + dead.name() + ": " + String.join(", ", placed) + " (each survivor takes the lease only"
                + " if its own heartbeat sees " + dead.name() + " dead)", starts));
        return VmPlanner.plan(JobKind.VM_HA_RESTART, state, findings, steps, notes);
    }

    private static List<Vm> placedOn(Server server, List<Vm> vms) {
        return vms.stream().filter(v -> v.placedOn(server)).toList();
    }
}
