package io.o2pool.manager.agents;

import java.util.List;

/**
 * The kernel stack's part of a {@link FenceRecord}: assembled by a survivor's agent from the fenced node's last
 * kernel lines and the survivors' eviction lines ({@code GET /v1/fence}'s {@code kernel}).
 *
 * @param fencedNodeSource     where the fenced node's own lines came from: {@code netconsole via NODE},
 *                             {@code ramoops} (read after its reboot), or {@code none received}
 * @param writeTimeoutMs       the kernel's {@code Heartbeat write timeout ... after N milliseconds}, or null
 * @param warningBeforeFenceMs from its first {@code hb write hung} warning to its fence line, or null
 * @param evictionMs           per survivor, {@code node=ms} from its eviction to its last recovery/replay line
 * @param lines                every kernel line used, the fenced node's first
 */
public record KernelFence(String fencedNodeSource, Long writeTimeoutMs, Long warningBeforeFenceMs,
        List<String> evictionMs, List<Line> lines) {
    public KernelFence {
        evictionMs = evictionMs == null ? List.of() : List.copyOf(evictionMs);
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * One kernel line.
     *
     * @param origin   {@code NETCONSOLE} (the fenced node's, received by {@code via}), {@code RAMOOPS} (the fenced
     *                 node's, after its reboot) or {@code SURVIVOR}
     * @param node     whose kernel printed it
     * @param via      the peer that received it over netconsole, else null
     * @param uptimeUs its printk time on {@code node}'s clock, or null
     * @param level    its printk level when known, or null
     * @param text     the message
     */
    public record Line(String origin, String node, String via, Long uptimeUs, Integer level, String text) {
    }
}
