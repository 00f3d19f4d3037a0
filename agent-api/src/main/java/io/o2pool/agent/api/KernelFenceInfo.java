package io.o2pool.agent.api;

import java.util.List;

/**
 * What a kernel-stack fence record adds to the fields it shares with the userspace one: where the fenced node's own
 * lines came from, the kernel's timings, and every line used with its origin.
 *
 * @param fencedNodeSource     e.g. {@code netconsole via vm-host02}, {@code ramoops}, or {@code none received}
 * @param writeTimeoutMs       the write-timeout line's {@code after N milliseconds}, or null
 * @param warningBeforeFenceMs from the first {@code hb write hung} warning to the fence line (fenced node's clock)
 * @param evictionMs           per survivor, {@code node=ms} from its eviction to its last recovery/replay line
 * @param lines                the lines, the fenced node's first
 */
public record KernelFenceInfo(String fencedNodeSource, Long writeTimeoutMs, Long warningBeforeFenceMs,
        List<String> evictionMs, List<Line> lines) {
    public KernelFenceInfo {
        evictionMs = evictionMs == null ? List.of() : List.copyOf(evictionMs);
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * One kernel line of the record.
     *
     * @param origin   {@code NETCONSOLE} (the fenced node's line, received by {@code via} before the fence),
     *                 {@code RAMOOPS} (the fenced node's line, read after its reboot) or {@code SURVIVOR}
     * @param node     whose kernel printed it
     * @param via      the receiving peer for netconsole, else null
     * @param uptimeUs the printk timestamp on {@code node}'s clock, or null
     * @param level    the printk level when known, or null
     * @param text     the message
     */
    public record Line(String origin, String node, String via, Long uptimeUs, Integer level, String text) {
    }
}
