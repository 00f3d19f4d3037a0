package io.o2pool.manager.vms;

import io.o2pool.manager.jobs.JobEngine;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
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
            HaDecision decision = HaDecision.on(s, placed);
            if (decision.changes().isEmpty()) {
                continue;
            }
            Instant now = clock.instant();
            store.jdbi().useTransaction(h -> decision.changes().forEach(c -> store.vms().setState(h, c.vm().id(),
                    c.state(), c.reason(), now)));
            for (HaDecision.Change c : decision.changes()) {
                String what = switch (c.state()) {
                    case RESTARTING -> "vm.restarting";
                    case DOWN -> "vm.down";
                    default -> "vm.unknown";
                };
                store.events().append(what, s.poolId(), s.id(), null, "VM " + c.vm().name() + " on " + s.name()
                        + " is " + c.state() + ": " + c.reason());
            }
            if (decision.restart()) {
                long job = queue.queue(s);
                store.events().append("vm.ha-queued", s.poolId(), s.id(), job, "job " + job + " restarts the HA VMs"
                        + " of " + s.name() + " " + decision.changes().stream().filter(c -> c.state()
                        == VmState.RESTARTING).map(c -> c.vm().name()).toList() + " on the survivors");
            }
        }
    }
}
