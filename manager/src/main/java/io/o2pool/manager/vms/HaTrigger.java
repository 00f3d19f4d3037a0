package io.o2pool.manager.vms;

import io.o2pool.manager.jobs.JobEngine;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reacts to the status monitor's verdicts on the VMs' servers, once per round. A server the disk heartbeat declared
 * DEAD or FENCED no longer runs anything: its VMs that may have run there become RESTARTING (HA and meant to run; a
 * {@code VM_HA_RESTART} job is queued for them) or DOWN (the others). A server that is only UNREACHABLE may still run
 * its VMs, so they become UNKNOWN and nothing is started elsewhere. Moving a VM out of a "may run" state is what makes
 * this idempotent: a death is acted on once.
 */
public final class HaTrigger {
    /** Queues the HA restart job; returns its id. */
    @FunctionalInterface
    public interface RestartQueue {
        long queue(Server dead);
    }

    private final Store store;
    private final Clock clock;
    private final RestartQueue queue;

    public HaTrigger(Store store, Clock clock, RestartQueue queue) {
        this.store = store;
        this.clock = clock;
        this.queue = queue;
    }

    /** The default queue: a job through {@code engine}, dispatched at once. */
    public static RestartQueue through(Store store, JobEngine engine, com.fasterxml.jackson.databind.ObjectMapper json) {
        return dead -> {
            var job = store.jdbi().inTransaction(h -> engine.enqueue(h, dead.poolId(), JobKind.VM_HA_RESTART, dead.id(),
                    null, VmOperation.haInput(json, dead)));
            engine.dispatch(dead.poolId());
            return job.id();
        };
    }

    public void tick() {
        for (Server s : store.servers().list()) {
            List<Vm> placed = store.vms().listByServer(s.id());
            if (placed.isEmpty()) {
                continue;
            }
            if (s.status().isDead()) {
                onDeath(s, placed);
            } else if (s.status() == ServerStatus.UNREACHABLE) {
                onSilence(s, placed);
            }
        }
    }

    private void onDeath(Server dead, List<Vm> placed) {
        List<Vm> affected = placed.stream().filter(v -> v.state().mayRun()).toList();
        if (affected.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Vm> restart = HaPlanner.restartable(dead, affected);
        store.jdbi().useTransaction(h -> {
            for (Vm vm : affected) {
                boolean ha = restart.contains(vm);
                store.vms().setState(h, vm.id(), ha ? VmState.RESTARTING : VmState.DOWN, "server " + dead.name()
                        + " is " + dead.status() + " (the disk heartbeat says it no longer runs anything)"
                        + (ha ? "; restarting on a survivor" : vm.ha() ? "" : "; not HA: start it again by hand"), now);
            }
        });
        for (Vm vm : affected) {
            boolean ha = restart.contains(vm);
            store.events().append(ha ? "vm.restarting" : "vm.down", dead.poolId(), dead.id(), null, "VM " + vm.name()
                    + " no longer runs: its server " + dead.name() + " is " + dead.status()
                    + (ha ? "; HA: it restarts on a survivor" : "; not HA: it stays down"));
        }
        if (!restart.isEmpty()) {
            long job = queue.queue(dead);
            store.events().append("vm.ha-queued", dead.poolId(), dead.id(), job, "job " + job + " restarts the HA VMs"
                    + " of " + dead.name() + " " + restart.stream().map(Vm::name).toList() + " on the survivors");
        }
    }

    private void onSilence(Server silent, List<Vm> placed) {
        Instant now = clock.instant();
        for (Vm vm : placed) {
            if (vm.state() == VmState.RUNNING || vm.state() == VmState.PAUSED) {
                store.jdbi().useHandle(h -> store.vms().setState(h, vm.id(), VmState.UNKNOWN, "the agent of "
                        + silent.name() + " does not answer while it may still write to the shared disk: the VM may"
                        + " still run there, so it is not started elsewhere", now));
                store.events().append("vm.unknown", silent.poolId(), silent.id(), null, "VM " + vm.name() + " on "
                        + silent.name() + " is UNKNOWN: the server is UNREACHABLE (not dead); nothing is restarted");
            }
        }
    }
}
