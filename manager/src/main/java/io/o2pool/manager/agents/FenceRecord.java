package io.o2pool.manager.agents;

import java.time.Instant;
import java.util.List;

/**
 * Why a node fenced itself, as its stack wrote it to the shared repository before the fence action ran and its agent
 * serves it ({@code GET /v1/fence}). The manager keeps it with the {@code fence.node-fenced} event and shows it with a
 * FENCED server.
 *
 * @param time                 when the node decided to fence (its wall clock)
 * @param cluster              the cluster's name
 * @param node                 the fenced node's name
 * @param nodeNumber           the fenced node's number
 * @param rule                 {@code QUORUM_MINORITY}, {@code QUORUM_HALF_WITHOUT_LOWEST} or {@code WRITE_TIMEOUT}
 * @param message              the stack's log text for the rule
 * @param heartbeating         nodes heartbeating (the fenced one included) when deciding
 * @param connected            nodes connected (the fenced one included) when deciding
 * @param lowestNode           the lowest heartbeating node number (255: none)
 * @param peersSeen            the peers it saw heartbeating
 * @param peersConnected       the peers it was connected to
 * @param lastWriteLatenciesMs its latest heartbeat write latencies in milliseconds, oldest first
 * @param method               the fence action: {@code stop}, {@code command} or {@code reboot}; on the kernel stack
 *                             {@code reset} or {@code panic}
 * @param kernel               a kernel-stack record's lines and timings (its counts the kernel did not print are
 *                             -1); null for a userspace record
 */
public record FenceRecord(Instant time, String cluster, String node, int nodeNumber, String rule, String message,
                          int heartbeating, int connected, int lowestNode, List<String> peersSeen,
                          List<String> peersConnected, List<Long> lastWriteLatenciesMs, String method,
                          KernelFence kernel) {

    /** A userspace record. */
    public FenceRecord(Instant time, String cluster, String node, int nodeNumber, String rule, String message,
                       int heartbeating, int connected, int lowestNode, List<String> peersSeen,
                       List<String> peersConnected, List<Long> lastWriteLatenciesMs, String method) {
        this(time, cluster, node, nodeNumber, rule, message, heartbeating, connected, lowestNode, peersSeen,
                peersConnected, lastWriteLatenciesMs, method, null);
    }

    public FenceRecord {
        peersSeen = peersSeen == null ? List.of() : List.copyOf(peersSeen);
        peersConnected = peersConnected == null ? List.of() : List.copyOf(peersConnected);
        lastWriteLatenciesMs = lastWriteLatenciesMs == null ? List.of() : List.copyOf(lastWriteLatenciesMs);
    }

    /**
     * This kernel record with what another survivor's agent assembled for the same fence added: its own eviction lines
     * ({@code SURVIVOR}, each once), the peers it saw and was connected to, its eviction time. Each survivor's agent
     * reads only its own kernel log, so one answer shows one survivor. The counts follow the survivors unless the
     * fenced node's quorum line gave them; everything else (rule, the fenced node's own lines) stays this record's.
     * A userspace record, or {@code other} without a kernel part, is returned unchanged.
     */
    public FenceRecord withSurvivorsOf(FenceRecord other) {
        if (kernel == null || other.kernel() == null || !other.node().equals(node)) {
            return this;
        }
        java.util.Set<String> seen = new java.util.LinkedHashSet<>(peersSeen);
        seen.addAll(other.peersSeen());
        java.util.Set<String> conn = new java.util.LinkedHashSet<>(peersConnected);
        conn.addAll(other.peersConnected());
        List<KernelFence.Line> lines = new java.util.ArrayList<>(kernel.lines());
        other.kernel().lines().stream().filter(l -> "SURVIVOR".equals(l.origin()) && !lines.contains(l))
                .forEach(lines::add);
        java.util.Set<String> eviction = new java.util.LinkedHashSet<>(kernel.evictionMs());
        eviction.addAll(other.kernel().evictionMs());
        boolean kernelCounts = rule.startsWith("QUORUM_");
        return new FenceRecord(time, cluster, node, nodeNumber, rule, message,
                kernelCounts || seen.isEmpty() ? heartbeating : seen.size() + 1,
                kernelCounts || conn.isEmpty() ? connected : conn.size() + 1, lowestNode, List.copyOf(seen),
                List.copyOf(conn), lastWriteLatenciesMs, method, new KernelFence(kernel.fencedNodeSource(),
                        kernel.writeTimeoutMs(), kernel.warningBeforeFenceMs(), List.copyOf(eviction), lines));
    }

    /** One line for logs, event messages and status reasons: rule, counts and what the stack said. */
    public String summary() {
        String counts = kernel == null ? heartbeating + " heartbeating, " + connected + " connected, peers seen "
                : "kernel stack, its own lines: " + kernel.fencedNodeSource() + ", evicted by ";
        return rule + " at " + time + " (" + counts + (peersSeen.isEmpty() ? "none" : String.join(", ", peersSeen))
                + "): " + message;
    }
}
