package io.o2pool.cluster.heartbeat;

import java.util.ArrayList;
import java.util.List;

/**
 * A heartbeat region shown as {@code debugfs.ocfs2 -R hb} shows it (slot, node, seq, generation, checksum,
 * dead ms; only slots that were ever written), plus whether each checksum is valid, for
 * {@code o2pool cluster region}. Pure.
 */
public final class RegionDump {
    /** The header line of {@code debugfs.ocfs2 -R hb}. */
    public static final String HEADER = "\tnode: node              seq       generation checksum deadms";

    private RegionDump() {
    }

    /** One written slot of a region. */
    public record Slot(int slot, HeartbeatBlock block, boolean checksumValid) {
    }

    /** The written slots of {@code region} (slots of {@code blockBytes}), in slot order. */
    public static List<Slot> slots(byte[] region, int blockBytes) {
        List<Slot> out = new ArrayList<>();
        for (int slot = 0; slot * blockBytes + blockBytes <= region.length; slot++) {
            int off = slot * blockBytes;
            HeartbeatBlock b = HeartbeatBlock.decode(region, off);
            if (b.seq() != 0) {
                out.add(new Slot(slot, b, HeartbeatBlock.checksumValid(region, off, blockBytes)));
            }
        }
        return out;
    }

    /** The text {@code debugfs.ocfs2 -R hb} prints for {@code region}, byte for byte. */
    public static String format(byte[] region, int blockBytes) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Slot s : slots(region, blockBytes)) {
            HeartbeatBlock b = s.block();
            sb.append(String.format("\t%4d: %4d %016x %016x %08x %6d%n", s.slot(), b.node(), b.seq(), b.generation(),
                    b.checksumUnsigned(), Integer.toUnsignedLong(b.deadMs())));
        }
        return sb.toString();
    }
}
