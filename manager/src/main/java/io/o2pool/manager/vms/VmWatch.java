package io.o2pool.manager.vms;

import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.VmReport;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the manager's VM states true to the hypervisors, once per round: asks every ACTIVE server's agent for its VMs
 * and records what changed outside a job (a guest that powered itself off or crashed, a VM started by hand, an UNKNOWN
 * VM whose server answers again), with an event each, so the UI sees it live. Pools with a job running are skipped:
 * the job records the VMs it changes. A VM reported running on two servers is an error event: it must never happen.
 */
public final class VmWatch {
    static final Duration POLL_DEADLINE = Duration.ofSeconds(5);

    private final Store store;
    private final PoolAgents agents;
    private final Clock clock;

    public VmWatch(Store store, PoolAgents agents, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.clock = clock;
    }

    public void tick() throws InterruptedException {
        for (Pool pool : store.pools().list()) {
            List<Vm> vms = store.vms().listByPool(pool.id());
            if (vms.isEmpty() || store.jobs().hasUnfinishedJob(pool.id())) {
                continue;
            }
            List<Server> live = store.servers().listByPool(pool.id()).stream()
                    .filter(s -> s.status() == ServerStatus.ACTIVE).toList();
            var outcomes = FanOut.within(agents.connect(live), AgentGateway::vms, POLL_DEADLINE);
            Map<String, Server> runningOn = new HashMap<>();
            Map<Long, Map<String, VmReport>> reports = new HashMap<>();
            for (int i = 0; i < live.size(); i++) {
                if (!outcomes.get(i).ok()) {
                    continue;
                }
                Map<String, VmReport> byName = new HashMap<>();
                for (VmReport r : outcomes.get(i).value()) {
                    byName.put(r.name(), r);
                    if (r.state().mayRun()) {
                        Server other = runningOn.put(r.name(), live.get(i));
                        if (other != null) {
                            store.events().append("vm.conflict", pool.id(), live.get(i).id(), null, "VM " + r.name()
                                    + " is reported running on both " + other.name() + " and " + live.get(i).name()
                                    + ": stop one of them now; o2pool never starts a VM whose lease another live"
                                    + " server holds, so it was started outside o2pool");
                        }
                    }
                }
                reports.put(live.get(i).id(), byName);
            }
            for (Vm vm : vms) {
                observe(pool, vm, live, reports, runningOn.get(vm.name()));
            }
        }
    }

    private void observe(Pool pool, Vm vm, List<Server> live, Map<Long, Map<String, VmReport>> reports,
            Server running) {
        if (vm.state() == VmState.DOWN && running == null || vm.state() == VmState.RESTARTING) {
            return; // decided by the HA trigger and its job
        }
        if (running != null) {
            VmReport r = reports.get(running.id()).get(vm.name());
            boolean moved = !vm.placedOn(running);
            if (moved || vm.state() != r.state()) {
                record(pool, vm, running.id(), r.state(), r.reason(), "VM " + vm.name() + " is " + r.state() + " on "
                        + running.name() + (moved && vm.serverId() != null ? " (it was placed on another server)" : ""));
            }
            return;
        }
        Server placed = live.stream().filter(vm::placedOn).findFirst().orElse(null);
        if (placed == null || !reports.containsKey(placed.id()) || !vm.state().mayRun()) {
            return; // its server is not ACTIVE or did not answer (the HA trigger judges those), or it is down anyway
        }
        VmReport r = reports.get(placed.id()).get(vm.name());
        VmState now = r == null ? VmState.STOPPED : r.state() == VmState.CRASHED ? VmState.CRASHED : VmState.STOPPED;
        record(pool, vm, placed.id(), now, r == null ? "no longer defined on " + placed.name() : r.reason(), "VM "
                + vm.name() + " is " + now + " on " + placed.name() + " (it stopped outside a job"
                + (r == null || r.reason() == null ? "" : ": " + r.reason()) + ")");
    }

    private void record(Pool pool, Vm vm, Long serverId, VmState state, String reason, String message) {
        Instant now = clock.instant();
        store.jdbi().useHandle(h -> store.vms().setPlacement(h, vm.id(), serverId, state, reason, now));
        store.events().append("vm.state", pool.id(), serverId, null, message);
    }
}
