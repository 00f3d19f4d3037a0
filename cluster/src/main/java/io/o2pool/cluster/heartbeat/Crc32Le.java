package io.o2pool.cluster.heartbeat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The kernel's {@code crc32_le(0, buf, len)}: the reflected CRC-32 (polynomial 0xEDB88320) with a zero seed
 * and no final inversion, as o2hb checksums its blocks ({@code heartbeat.c: o2hb_compute_block_crc_le}).
 * {@link CRC32} inverts before and after, and CRC is affine in its seed, so
 * {@code crc32_le(0, d) = CRC32(d) ^ CRC32(zeros(d.length))}. Thread-safe.
 */
public final class Crc32Le {
    private static final ConcurrentHashMap<Integer, Long> ZERO_CRCS = new ConcurrentHashMap<>();

    private Crc32Le() {
    }

    /** {@code crc32_le(0, data[off..off+len))} as an unsigned 32-bit value in an int. */
    public static int of(byte[] data, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        return (int) (crc.getValue() ^ zeros(len));
    }

    /**
     * {@code crc32_le(seed, data[off..off+len))} for any seed, bit by bit as the kernel's generic {@code crc32_le}
     * ({@code lib/crc32.c} with {@code CRC_LE_BITS == 1}); o2hb seeds its negotiation message key with the region
     * number + 32 ({@code o2hb_heartbeat_group_make_item}). For short inputs (region names).
     */
    public static int of(int seed, byte[] data, int off, int len) {
        int crc = seed;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc >>> 1) ^ (-(crc & 1) & 0xEDB88320);
            }
        }
        return crc;
    }

    private static long zeros(int len) {
        return ZERO_CRCS.computeIfAbsent(len, n -> {
            CRC32 crc = new CRC32();
            crc.update(new byte[n]);
            return crc.getValue();
        });
    }
}
