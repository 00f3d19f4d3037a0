package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /v1/forensics/kernel-log?node=NAME[&since=INSTANT]}: the kernel lines node {@code node} sent to
 * this agent over netconsole, oldest first (a fenced node's last words, kept by its peers).
 *
 * @param node     the sending node
 * @param receiver the node whose agent received them
 * @param lines    the lines, oldest first
 */
public record KernelLogLines(String node, String receiver, List<Line> lines) {
    public KernelLogLines {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * One received line.
     *
     * @param arrived  when the receiver got it (its clock)
     * @param raw      the line with its framing, as sent
     * @param uptimeUs the sender's printk timestamp in µs since its boot, or null
     * @param level    the printk level when the framing carries it (extended netconsole), or null
     * @param text     the message without framing
     */
    public record Line(Instant arrived, String raw, Long uptimeUs, Integer level, String text) {
    }
}
