package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * One fence record as {@code GET /v1/fence} serves it. Userspace stack: why a node fenced itself, exactly as
 * the node wrote it to the shared repository before the fence action ran (every field of the {@code cluster}
 * module's record). Kernel stack: assembled by a survivor's agent from the fenced node's last kernel lines (received
 * over netconsole, or read from ramoops after its reboot) and the survivors' eviction lines, with {@code kernel} set;
 * counts the kernel did not print are -1 and it prints no write latencies.
 *
 * @param time                 when the node decided to fence (its wall clock)
 * @param cluster              the cluster's name
 * @param node                 the fenced node's name
 * @param nodeNumber           the fenced node's number
 * @param rule                 the rule that fired: {@code QUORUM_MINORITY}, {@code QUORUM_HALF_WITHOUT_LOWEST} or
 *                             {@code WRITE_TIMEOUT}
 * @param message              the stack's log text for the rule
 * @param heartbeating         nodes heartbeating (the fenced one included) when deciding
 * @param connected            nodes connected (the fenced one included) when deciding
 * @param lowestNode           the lowest heartbeating node number (255: none)
 * @param peersSeen            the peers the node saw heartbeating
 * @param peersConnected       the peers the node was connected to
 * @param lastWriteLatenciesMs the node's latest heartbeat write latencies in milliseconds, oldest first
 * @param method               the fence action that ran after the record was written: {@code stop} (cluster
 *                             services and the server's VMs stopped, host kept running), {@code command} or
 *                             {@code reboot}; on the kernel stack {@code reset} or {@code panic}
 * @param kernel               the kernel stack's lines and timings (the record was assembled from kernel lines);
 *                             null for a userspace record
 */
public record FenceRecordInfo(Instant time, String cluster, String node, int nodeNumber, String rule, String message,
        int heartbeating, int connected, int lowestNode, List<String> peersSeen, List<String> peersConnected,
        List<Long> lastWriteLatenciesMs, String method, KernelFenceInfo kernel) {

    /** A userspace record: no kernel part. */
    public FenceRecordInfo(Instant time, String cluster, String node, int nodeNumber, String rule, String message,
            int heartbeating, int connected, int lowestNode, List<String> peersSeen, List<String> peersConnected,
            List<Long> lastWriteLatenciesMs, String method) {
        this(time, cluster, node, nodeNumber, rule, message, heartbeating, connected, lowestNode, peersSeen,
                peersConnected, lastWriteLatenciesMs, method, null);
    }

    public FenceRecordInfo {
        peersSeen = peersSeen == null ? List.of() : List.copyOf(peersSeen);
        peersConnected = peersConnected == null ? List.of() : List.copyOf(peersConnected);
        lastWriteLatenciesMs = lastWriteLatenciesMs == null ? List.of() : List.copyOf(lastWriteLatenciesMs);
    }
}
