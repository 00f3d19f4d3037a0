package io.o2pool.manager.model;

import java.time.Instant;

/**
 * A server pool: one O2CB cluster sharing one repository. {@code generation} is the pool's committed cluster
 * configuration generation (0 before the first server); every member runs exactly this generation when no job is
 * running.
 *
 * @param repositoryUuid the repository filesystem's UUID, or null until the first server reports it
 * @param loopbackPool whether every node of the pool lives on this host's loopback (127.0.0.0/8, the demo and the
 *     end-to-end tests), the only case where a cluster address or a host name's mapping may be a loopback address;
 *     null when not declared: then a pool counts as loopback-local while all its addresses are loopback addresses
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
        Boolean loopbackPool,
        long generation,
        Instant createdAt) {

    public static final String DEFAULT_CLUSTER_NAME = "ocfs2";
    public static final int DEFAULT_IP_PORT = 7777;
    /** O2CB's limit: node numbers 0–254. */
    public static final int MAX_NODES_LIMIT = 255;
    public static final int DEFAULT_MAX_NODES = 32;

    /**
     * Whether the pool counts as loopback-local for a node set with these cluster addresses (IP literals): as
     * declared, or when undeclared, when every address is a loopback address.
     */
    public boolean isLoopbackLocal(java.util.Collection<String> addresses) {
        if (loopbackPool != null) {
            return loopbackPool;
        }
        return !addresses.isEmpty() && addresses.stream().allMatch(Pool::isLoopbackAddress);
    }

    private static boolean isLoopbackAddress(String ip) {
        return ip != null && ip.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1");
    }

    /** Whether two repository UUIDs are the same, ignoring case and dashes (OCFS2 tools print both forms). */
    public static boolean sameUuid(String a, String b) {
        return a != null && b != null
                && a.replace("-", "").equalsIgnoreCase(b.replace("-", ""));
    }

    public Pool withGeneration(long newGeneration) {
        return new Pool(id, name, clusterName, ipPort, timeouts, maxNodes, repositoryType, repositoryPath,
                repositoryUuid, heartbeatMode, loopbackPool, newGeneration, createdAt);
    }

    public Pool withTimeouts(O2cbTimeouts newTimeouts) {
        return new Pool(id, name, clusterName, ipPort, newTimeouts, maxNodes, repositoryType, repositoryPath,
                repositoryUuid, heartbeatMode, loopbackPool, generation, createdAt);
    }

    public Pool withRepositoryUuid(String uuid) {
        return new Pool(id, name, clusterName, ipPort, timeouts, maxNodes, repositoryType, repositoryPath,
                uuid, heartbeatMode, loopbackPool, generation, createdAt);
    }
}
