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
        return new Facts(host.hostName(), nodeName, host.addresses(), host.os(), host.kernel(), agentVersion,
                clock.instant(), stacks.drivers(), repositories.list(), vms.list());
    }
}
