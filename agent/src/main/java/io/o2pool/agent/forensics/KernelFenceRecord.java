package io.o2pool.agent.forensics;

import java.time.Instant;
import java.util.List;

/**
 * Why a kernel-stack node fenced itself, assembled by {@link KernelFenceAssembly} from its own last kernel lines
 * (netconsole, ramoops) and its survivors' eviction lines. The fields up to {@code method} are those of the userspace
 * record where the kernel says them; the kernel prints no per-write latency, so {@code lastWriteLatenciesMs} is
 * absent, and counts the kernel did not print are -1.
 *
 * @param time                 when the fence line arrived at a peer (netconsole), else when a survivor evicted the
 *                             node (its boot time plus the line's printk time), else when the newest line used
 *                             arrived, else the epoch (nothing dates it)
 * @param cluster              the cluster's name
 * @param node                 the fenced node's name
 * @param nodeNumber           its number
 * @param rule                 {@code WRITE_TIMEOUT}, {@code QUORUM_MINORITY}, {@code QUORUM_HALF_WITHOUT_LOWEST}, or
 *                             {@code UNKNOWN} when no line of the fenced node names the rule
 * @param message              the kernel line that names the rule (or a sentence saying what is missing)
 * @param heartbeating         nodes heartbeating when it fenced (quorum line; else the fenced node and the survivors
 *                             that evicted it)
 * @param connected            nodes connected (quorum line; else the fenced node and the survivors that logged the
 *                             o2net disconnect), -1 when unknown
 * @param lowestNode           the lowest heartbeating node (the quorum line, or the master named by {@code hb write
 *                             hung ... negotiate timeout with node M}; the fenced node itself when that line has no
 *                             master), -1 when unknown
 * @param peersSeen            the survivors that logged its eviction
 * @param peersConnected       the survivors whose o2net connection to it dropped
 * @param method               {@code reset} or {@code panic} (the fence line), or null when it was not received
 * @param writeTimeoutMs       the {@code after N milliseconds} of the write-timeout line, or null
 * @param warningBeforeFenceMs from the fenced node's first {@code hb write hung} warning to its fence line, on its
 *                             own clock, or null
 * @param evictionMs           per survivor: from its eviction line to its last recovery or journal replay line,
 *                             on its clock ({@code node=ms}), in survivor order
 * @param lines                every line used, fenced node's first, each with its origin
 */
public record KernelFenceRecord(Instant time, String cluster, String node, int nodeNumber, String rule,
        String message, int heartbeating, int connected, int lowestNode, List<String> peersSeen,
        List<String> peersConnected, String method, Long writeTimeoutMs, Long warningBeforeFenceMs,
        List<String> evictionMs, List<KernelFenceLine> lines) {
    public KernelFenceRecord {
        peersSeen = List.copyOf(peersSeen);
        peersConnected = List.copyOf(peersConnected);
        evictionMs = List.copyOf(evictionMs);
        lines = List.copyOf(lines);
    }

    /** Where the fenced node's own lines came from, for one sentence: e.g. "netconsole via node0". */
    public String fencedNodeSource() {
        List<String> via = lines.stream().filter(l -> l.origin() != KernelFenceLine.Origin.SURVIVOR)
                .map(l -> l.origin() == KernelFenceLine.Origin.NETCONSOLE ? "netconsole via " + l.via() : "ramoops")
                .distinct().toList();
        return via.isEmpty() ? "none received" : String.join(", ", via);
    }
}
