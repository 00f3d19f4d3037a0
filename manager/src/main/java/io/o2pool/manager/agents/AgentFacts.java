package io.o2pool.manager.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param repositoryMode the attached OCFS2 repository's volume mode (from its superblock); null when none is
 *                       attached or it is a directory
 * @param repositoryMount how the kernel has that repository mounted now; null when none is attached
 * @param runningVms names of running VMs
 * @param configDrift whether the live files on disk differ from the committed generation (edited by hand)
 */
public record AgentFacts(
        String hostname,
        List<String> addresses,
        String fingerprint,
        long liveGeneration,
        String liveChecksum,
        boolean stackRunning,
        String repositoryUuid,
        VolumeMode repositoryMode,
        RepositoryMount repositoryMount,
        List<String> runningVms,
        boolean configDrift) {

    /** Facts of an agent whose live files match its committed generation. */
    public AgentFacts(String hostname, List<String> addresses, String fingerprint, long liveGeneration,
                      String liveChecksum, boolean stackRunning, String repositoryUuid, VolumeMode repositoryMode,
                      RepositoryMount repositoryMount, List<String> runningVms) {
        this(hostname, addresses, fingerprint, liveGeneration, liveChecksum, stackRunning, repositoryUuid,
                repositoryMode, repositoryMount, runningVms, false);
    }

    /**
     * The mode of the repository as mounted now, in the UI's words: {@code local} or {@code cluster}, null when it is
     * not mounted (or a directory). Shown as {@code repository_mount_mode}; decisions use {@link #repositoryMode()} and
     * {@link #repositoryMount()}.
     */
    @JsonProperty
    public String repositoryMountMode() {
        return repositoryMode == null || repositoryMount == null || !repositoryMount.mounted() ? null
                : repositoryMode.text();
    }
}
