package io.o2pool.agent.facts;

import io.o2pool.agent.api.Facts;
import io.o2pool.agent.repository.RepositoryService;
import io.o2pool.agent.vm.VmDriver;
import java.time.Clock;

/** Gathers the host's facts for {@code GET /v1/facts}; every call reads the current state. */
public final class FactsCollector {
    private final HostInfo host;
    private final String nodeName;
    private final String agentVersion;
    private final Clock clock;
    private final StackDetection stacks;
    private final RepositoryService repositories;
    private final VmDriver vms;

    public FactsCollector(HostInfo host, String nodeName, String agentVersion, Clock clock, StackDetection stacks,
            RepositoryService repositories, VmDriver vms) {
        this.host = host;
        this.nodeName = nodeName;
        this.agentVersion = agentVersion;
        this.clock = clock;
        this.stacks = stacks;
        this.repositories = repositories;
        this.vms = vms;
    }

    public Facts collect() {
        // a hypervisor that does not answer is a fact to report (vmLayer), never a failed GET /v1/facts
        io.o2pool.agent.api.VmLayer layer = vms.probe();
        java.util.List<io.o2pool.agent.api.VmInfo> running = java.util.List.of();
        if (layer.reachable()) {
            try {
                running = vms.list();
            } catch (RuntimeException e) {
                layer = new io.o2pool.agent.api.VmLayer(layer.driver(), layer.uri(), false, e.getMessage(),
                        "see the agent log and the VM driver's own log; restart the VM driver");
            }
        }
        return new Facts(host.hostName(), nodeName, host.addresses(), host.os(), host.kernel(), agentVersion,
                clock.instant(), stacks.drivers(), repositories.list(), running, layer);
    }
}
