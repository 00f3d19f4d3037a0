package io.o2pool.manager.agents;

import java.util.List;

/**
 * What an agent reports about its host: the names and addresses o2cb matches on, its live cluster configuration, the
 * repository as mounted, and running VMs.
 *
 * @param hostname the host name o2cb uses as the local node name
 * @param addresses the host's IP addresses
 * @param fingerprint the SHA-256 fingerprint of the agent's certificate (as pinned)
 * @param liveGeneration the committed config generation, 0 when none
 * @param liveChecksum SHA-256 of the committed cluster.conf, or null when none
 * @param stackRunning whether the cluster stack is online
 * @param repositoryUuid the UUID of the repository filesystem the agent can see, or null
 * @param repositoryMountMode the repository's current mount mode ({@code local}, {@code cluster}) or null if unmounted
 * @param runningVms names of running VMs
 */
public record AgentFacts(
        String hostname,
        List<String> addresses,
        String fingerprint,
        long liveGeneration,
        String liveChecksum,
        boolean stackRunning,
        String repositoryUuid,
        String repositoryMountMode,
        List<String> runningVms) {
}
