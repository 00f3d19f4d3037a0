package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /v1/facts}: what the manager needs to know about a server before adding it to a pool.
 * {@code stackDrivers} lists the cluster stack drivers usable here (userspace always; kernel with the ocfs2-tools
 * version when the tools and configfs are present). {@code vms} are the VMs that may be running here (the older
 * {@link VmInfo} shape); {@code vmLayer} says which VM driver the agent uses and whether it answers (null from an
 * agent older than the VM layer).
 */
public record Facts(String hostName, String nodeName, List<String> addresses, String os, String kernel,
        String agentVersion, Instant clock, List<StackDriverInfo> stackDrivers, List<RepositoryInfo> repositories,
        List<VmInfo> vms, VmLayer vmLayer) {
    public Facts {
        addresses = List.copyOf(addresses);
        stackDrivers = List.copyOf(stackDrivers);
        repositories = List.copyOf(repositories);
        vms = List.copyOf(vms);
    }

    /** Facts without the VM layer's state. */
    public Facts(String hostName, String nodeName, List<String> addresses, String os, String kernel,
                 String agentVersion, Instant clock, List<StackDriverInfo> stackDrivers,
                 List<RepositoryInfo> repositories, List<VmInfo> vms) {
        this(hostName, nodeName, addresses, os, kernel, agentVersion, clock, stackDrivers, repositories, vms, null);
    }
}
