package io.o2pool.manager.model;

import java.time.Instant;

/**
 * A server pool: one O2CB cluster sharing one repository. {@code generation} is the pool's committed cluster
 * configuration generation (0 before the first server); every member runs exactly this generation when no job is
 * running.
 *
 * @param repositoryUuid the repository filesystem's UUID, or null until the first server reports it
 */
public record Pool(
        long id,
        String name,
        String clusterName,
        int ipPort,
        O2cbTimeouts timeouts,
        int maxNodes,
        RepositoryType repositoryType,
        String repositoryPath,
        String repositoryUuid,
        HeartbeatMode heartbeatMode,
        long generation,
        Instant createdAt) {

    public static final String DEFAULT_CLUSTER_NAME = "ocfs2";
    public static final int DEFAULT_IP_PORT = 7777;
    /** O2CB's limit: node numbers 0–254. */
    public static final int MAX_NODES_LIMIT = 255;
    public static final int DEFAULT_MAX_NODES = 32;

    public Pool withGeneration(long newGeneration) {
        return new Pool(id, name, clusterName, ipPort, timeouts, maxNodes, repositoryType, repositoryPath,
                repositoryUuid, heartbeatMode, newGeneration, createdAt);
    }

    public Pool withRepositoryUuid(String uuid) {
        return new Pool(id, name, clusterName, ipPort, timeouts, maxNodes, repositoryType, repositoryPath,
                uuid, heartbeatMode, generation, createdAt);
    }
}
