package io.o2pool.agent.stack.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each peer's heartbeat slot last changed, from successive reads of the on-disk heartbeat as
 * {@code debugfs.ocfs2 -R hb <device>} prints it ({@link #parseHb}): the kernel writes its wall-clock seconds as
 * {@code seq}, so a peer whose {@code seq} stops changing stopped landing writes. The peers declare a node dead after
 * {@code dead_threshold} unchanged samples of theirs; {@code seq} has a 1-second resolution, so an age is good to
 * about a second plus the sampling period. Not thread-safe: one sampler thread.
 */
public final class SlotAges {
    private static final Pattern HB_ROW = Pattern.compile(
            "^\\s*(\\d+):\\s+(\\d+)\\s+([0-9a-fA-F]{16})\\s+([0-9a-fA-F]{16})\\s+([0-9a-fA-F]{8})\\s+(\\d+)\\s*$");

    /**
     * One slot as {@code debugfs.ocfs2 -R hb} prints it.
     *
     * @param slot       the slot index
     * @param node       the node number written in the block
     * @param seq        the writer's wall-clock seconds
     * @param generation its heartbeat generation (0 after a clean stop)
     * @param deadMs     its {@code hb_dead_ms}
     */
    public record Slot(int slot, int node, long seq, long generation, long deadMs) {
    }

    private final Map<Integer, Long> lastSeq = new HashMap<>();
    private final Map<Integer, Long> changedAtMs = new HashMap<>();

    /** The slots in {@code debugfs.ocfs2 -R hb} output, by slot index (lines that are no slot row are skipped). */
    public static Map<Integer, Slot> parseHb(String output) {
        Map<Integer, Slot> slots = new HashMap<>();
        for (String line : output.lines().toList()) {
            Matcher m = HB_ROW.matcher(line);
            if (m.matches()) {
                int slot = Integer.parseInt(m.group(1));
                slots.put(slot, new Slot(slot, Integer.parseInt(m.group(2)), Long.parseUnsignedLong(m.group(3), 16),
                        Long.parseUnsignedLong(m.group(4), 16), Long.parseLong(m.group(6))));
            }
        }
        return slots;
    }

    /** One read of every slot at monotonic {@code atMs}. */
    public void sample(long atMs, Map<Integer, Slot> slots) {
        for (Slot s : slots.values()) {
            Long before = lastSeq.put(s.slot(), s.seq());
            if (before == null || before != s.seq()) {
                if (before != null) {
                    changedAtMs.put(s.slot(), atMs);
                }
            }
        }
    }

    /** ms since slot {@code slot} was last seen to change, at monotonic {@code nowMs}; null before any change. */
    public Long lastChangeAgeMs(int slot, long nowMs) {
        Long at = changedAtMs.get(slot);
        return at == null ? null : nowMs - at;
    }
}
