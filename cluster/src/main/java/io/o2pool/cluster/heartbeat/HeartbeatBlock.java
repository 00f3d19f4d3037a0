package io.o2pool.cluster.heartbeat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One o2hb disk heartbeat block ({@code struct o2hb_disk_heartbeat_block}, {@code ocfs2_heartbeat.h}),
 * little-endian: {@code hb_seq} u64 @0, {@code hb_node} u8 @8, pad[3] @9, {@code hb_cksum} u32 @12,
 * {@code hb_generation} u64 @16, {@code hb_dead_ms} u32 @24; the rest of the block is zero. The checksum is
 * {@link Crc32Le crc32_le} of the whole block with {@code hb_cksum} zeroed. Immutable.
 *
 * @param seq        wall-clock seconds when written ({@code ktime_get_real_seconds}, 1 if 0)
 * @param node       the writer's node number (0..254)
 * @param checksum   {@code hb_cksum} as stored (unsigned 32 bits in an int)
 * @param generation random non-zero per heartbeat start; 0 in the last block of a clean stop
 * @param deadMs     the writer's dead threshold × 2000 ms
 */
public record HeartbeatBlock(long seq, int node, int checksum, long generation, int deadMs) {
    /** Bytes of the block that carry fields; the rest of the block is zero. */
    public static final int FIELD_BYTES = 28;
    private static final int CKSUM_OFFSET = 12;

    /**
     * A block as {@code o2hb_prepare_block} makes it, with its checksum computed for {@code blockBytes}.
     */
    public static HeartbeatBlock prepare(long wallSeconds, int node, long generation, int deadMs, int blockBytes) {
        long seq = wallSeconds == 0 ? 1 : wallSeconds;
        HeartbeatBlock unsummed = new HeartbeatBlock(seq, node, 0, generation, deadMs);
        byte[] raw = unsummed.rawWithChecksum(0, blockBytes);
        return new HeartbeatBlock(seq, node, Crc32Le.of(raw, 0, blockBytes), generation, deadMs);
    }

    /** Decodes the block at {@code off} (reads only the field bytes; see {@link #checksumValid}). */
    public static HeartbeatBlock decode(byte[] region, int off) {
        ByteBuffer b = ByteBuffer.wrap(region, off, FIELD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long seq = b.getLong(off);
        int node = region[off + 8] & 0xff;
        int cksum = b.getInt(off + CKSUM_OFFSET);
        long generation = b.getLong(off + 16);
        int deadMs = b.getInt(off + 24);
        return new HeartbeatBlock(seq, node, cksum, generation, deadMs);
    }

    /** {@code o2hb_verify_crc}: the stored checksum equals crc32_le of the block with the field zeroed. */
    public static boolean checksumValid(byte[] region, int off, int blockBytes) {
        return computeChecksum(region, off, blockBytes) == ByteBuffer.wrap(region)
                .order(ByteOrder.LITTLE_ENDIAN).getInt(off + CKSUM_OFFSET);
    }

    /** crc32_le of the block at {@code off} with its {@code hb_cksum} field taken as zero. */
    public static int computeChecksum(byte[] region, int off, int blockBytes) {
        byte[] copy = new byte[blockBytes];
        System.arraycopy(region, off, copy, 0, blockBytes);
        copy[CKSUM_OFFSET] = 0;
        copy[CKSUM_OFFSET + 1] = 0;
        copy[CKSUM_OFFSET + 2] = 0;
        copy[CKSUM_OFFSET + 3] = 0;
        return Crc32Le.of(copy, 0, blockBytes);
    }

    /** The block's bytes, {@code blockBytes} long, with the checksum field as recorded. */
    public byte[] encode(int blockBytes) {
        return rawWithChecksum(checksum, blockBytes);
    }

    /** True for an all-zero slot (never written, as on a freshly formatted region). */
    public boolean isEmpty() {
        return seq == 0 && node == 0 && checksum == 0 && generation == 0 && deadMs == 0;
    }

    /** {@code hb_cksum} as an unsigned value. */
    public long checksumUnsigned() {
        return Integer.toUnsignedLong(checksum);
    }

    private byte[] rawWithChecksum(int cksum, int blockBytes) {
        if (blockBytes < FIELD_BYTES) {
            throw new IllegalArgumentException("block of " + blockBytes + " bytes cannot hold a heartbeat block");
        }
        byte[] raw = new byte[blockBytes];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, seq);
        raw[8] = (byte) node;
        b.putInt(CKSUM_OFFSET, cksum);
        b.putLong(16, generation);
        b.putInt(24, deadMs);
        return raw;
    }
}
