package io.o2pool.manager.model;

import java.time.Instant;

/**
 * A server the manager knows, in one pool. The node fields are null until the Add Server job allocates them;
 * {@code statusStep}/{@code statusReason} say which step failed and why when the status is ERROR.
 *
 * @param host the Server Host/IP the operator entered (unique)
 * @param name the Server Name (unique)
 * @param ipAddress the cluster address (ip_address in cluster.conf), resolved from the host
 * @param nodeName the node's name in cluster.conf: the host name its agent reports
 * @param agentPort the agent's HTTPS port on the host
 * @param agentFingerprint SHA-256 fingerprint of the agent's certificate, pinned at the first connection
 * @param configGeneration the last config generation the agent reported as committed
 */
public record Server(
        long id,
        long poolId,
        String host,
        String name,
        ServerType type,
        String location,
        String description,
        String ipAddress,
        Integer nodeNumber,
        String nodeName,
        ServerStatus status,
        String statusStep,
        String statusReason,
        int agentPort,
        String agentPassword,
        String agentFingerprint,
        long configGeneration,
        Instant createdAt,
        Instant updatedAt) {

    /** The default agent port, as Oracle VM Agent's 8899. */
    public static final int DEFAULT_AGENT_PORT = 8899;
}
