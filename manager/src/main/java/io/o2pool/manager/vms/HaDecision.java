package io.o2pool.manager.vms;

import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server's status means for the VMs placed on it: a pure function. DEAD or FENCED (the disk heartbeat says it
 * no longer writes, so nothing runs there): each VM that may have run there becomes RESTARTING (HA and meant to run:
 * a restart job is wanted) or DOWN. UNREACHABLE (its agent is silent but it may still write): its running VMs become
 * UNKNOWN and nothing is started elsewhere. Any other status changes nothing. A VM leaves its "may run" state with the
 * decision, so a death is acted on once.
 */
public record HaDecision(List<Change> changes, boolean restart) {
    public HaDecision {
        changes = List.copyOf(changes);
    }

    /** One VM's new state and why. */
    public record Change(Vm vm, VmState state, String reason) {
    }

    public static HaDecision on(Server server, List<Vm> placed) {
        List<Change> changes = new ArrayList<>();
        if (server.status().isDead()) {
            List<Vm> affected = placed.stream().filter(v -> v.state().mayRun()).toList();
            List<Vm> restart = HaPlanner.restartable(server, affected);
            for (Vm vm : affected) {
                boolean ha = restart.contains(vm);
                changes.add(new Change(vm, ha ? VmState.RESTARTING : VmState.DOWN, "server " + server.name() + " is "
                        + server.status() + " (the disk heartbeat says it no longer runs anything)" + (ha
                        ? "; restarting on a survivor" : vm.ha() ? "" : "; not HA: start it again by hand")));
            }
            return new HaDecision(changes, !restart.isEmpty());
        }
        if (server.status() == ServerStatus.UNREACHABLE) {
            for (Vm vm : placed) {
                if (vm.state() == VmState.RUNNING || vm.state() == VmState.PAUSED) {
                    changes.add(new Change(vm, VmState.UNKNOWN, "the agent of " + server.name() + " does not answer"
                            + " while it may still write to the shared disk: the VM may still run there, so it is not"
                            + " started elsewhere"));
                }
            }
        }
        return new HaDecision(changes, false);
    }
}
