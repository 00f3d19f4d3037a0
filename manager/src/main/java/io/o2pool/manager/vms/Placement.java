package io.o2pool.manager.vms;

import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where VMs go: the live server with the least memory committed to VMs that may run on it, then the fewest VMs, then
 * by name (so a plan is reproducible). A planner places several VMs through one instance, which counts each placement
 * it made, so restarts and drains spread. Not thread-safe; one per plan.
 */
public final class Placement {
    private final List<Server> candidates;
    private final Map<Long, Long> memory = new HashMap<>();
    private final Map<Long, Integer> count = new HashMap<>();

    /**
     * Candidates are the ACTIVE servers of the pool except {@code excluded}; their load is the VMs of {@code vms} placed
     * on them that may run there.
     */
    public Placement(List<Server> servers, List<Vm> vms, Set<Long> excluded) {
        this.candidates = servers.stream().filter(s -> s.status() == ServerStatus.ACTIVE)
                .filter(s -> !excluded.contains(s.id())).toList();
        for (Vm vm : vms) {
            if (vm.serverId() != null && vm.state().mayRun()) {
                add(vm.serverId(), vm);
            }
        }
    }

    /** Whether any server can take a VM. */
    public boolean isEmpty() {
        return candidates.isEmpty();
    }

    /** The ACTIVE servers VMs may go to. */
    public List<Server> candidates() {
        return candidates;
    }

    /**
     * The server for {@code vm}: its preferred server when that is a candidate, else the least loaded candidate; the
     * placement is counted. Empty when there is no candidate.
     */
    public Optional<Server> place(Vm vm) {
        Optional<Server> chosen = candidates.stream().filter(s -> s.name().equals(vm.preferredServer())).findFirst()
                .or(() -> candidates.stream().min(Comparator.comparingLong((Server s) -> memory.getOrDefault(s.id(), 0L))
                        .thenComparingInt(s -> count.getOrDefault(s.id(), 0)).thenComparing(Server::name)));
        chosen.ifPresent(s -> add(s.id(), vm));
        return chosen;
    }

    /** Counts {@code vm} on {@code server} (an operator chose it). */
    public void placeOn(Server server, Vm vm) {
        add(server.id(), vm);
    }

    /** The memory committed on {@code server}, MiB. */
    public long memoryMib(Server server) {
        return memory.getOrDefault(server.id(), 0L);
    }

    private void add(long serverId, Vm vm) {
        memory.merge(serverId, (long) vm.memoryMib(), Long::sum);
        count.merge(serverId, 1, Integer::sum);
    }
}
