package io.o2pool.ocfs2.superblock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Reads the OCFS2 superblock from a block device or an image file, the way libocfs2 finds it: for each block size
 * 512, 1024, 2048, 4096 look at block 2 for the {@code OCFSV2} signature and accept it when the stored block size
 * agrees. Only reads; offsets and flags are REFERENCE §6 / {@code ocfs2_fs.h}. Stateless and thread-safe.
 */
public final class SuperblockReader {
    /** The block sizes probed, in order. */
    public static final List<Integer> BLOCK_SIZES = List.of(512, 1024, 2048, 4096);
    /** Bytes read from the start of a volume: block 2 for every probed block size (2 x 4096 + 512) fits. */
    public static final int HEAD_BYTES = 16 * 1024;

    // Offsets inside the superblock block (the superblock is an ocfs2_dinode; its id2 union starts at 0xC0).
    private static final int OFF_COMPAT = 0xDC;
    private static final int OFF_INCOMPAT = 0xE0;
    private static final int OFF_RO_COMPAT = 0xE4;
    private static final int OFF_BLOCKSIZE_BITS = 0xF8;
    private static final int OFF_CLUSTERSIZE_BITS = 0xFC;
    private static final int OFF_MAX_SLOTS = 0x100;
    private static final int OFF_LABEL = 0x110;
    private static final int LABEL_LEN = 64;
    private static final int OFF_UUID = 0x150;
    private static final int OFF_STACK = 0x160;
    private static final int STACK_LEN = 4;
    private static final int OFF_STACK_FLAGS = 0x164;
    private static final int OFF_CLUSTER = 0x168;
    private static final int CLUSTER_LEN = 16;
    /** Bytes decoded per probe: everything up to the end of {@code ci_cluster}, rounded to the smallest block. */
    private static final int READ_LEN = 512;
    /** Buffer and length alignment for {@code O_DIRECT}: a multiple of every logical sector size (512, 4096). */
    private static final int DIRECT_ALIGN = 4096;
    /**
     * {@code O_DIRECT} ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, looked up so that javac has no
     * internal-API warning), or {@code null} on a JDK without it.
     */
    private static final OpenOption DIRECT = directOption();
    private static final int GLOBAL_HEARTBEAT_FLAG = 0x01;

    private SuperblockReader() {
    }

    /**
     * Reads the superblock of {@code device}. The first {@link #HEAD_BYTES} bytes are read with {@code O_DIRECT}
     * where the file system allows it, as the ocfs2-tools do: on a shared disk another node may have changed the
     * superblock ({@code tunefs.ocfs2 -N}, {@code -M}) since this host last cached it.
     *
     * @throws SuperblockException naming the file when it cannot be read, holds no OCFS2 superblock, or holds a
     *                             corrupt one
     */
    public static OcfsSuperblock read(Path device) throws SuperblockException {
        ByteBuffer head;
        try {
            head = readHead(device);
        } catch (NoSuchFileException e) {
            throw new SuperblockException(device + ": cannot read: no such file or device", e);
        } catch (AccessDeniedException e) {
            throw new SuperblockException(device + ": cannot read: permission denied (run as root?)", e);
        } catch (IOException e) {
            throw new SuperblockException(device + ": cannot read: " + e.getMessage(), e);
        }
        return parse(device.toString(), head);
    }

    /**
     * Finds and decodes the superblock in {@code head}: the first bytes of a volume, from index 0 to its limit (at
     * least {@link #HEAD_BYTES} unless the volume is shorter); {@code source} names the volume in messages.
     */
    public static OcfsSuperblock parse(String source, ByteBuffer head) throws SuperblockException {
        String mismatch = null;
        for (int blockSize : BLOCK_SIZES) {
            int offset = OcfsSuperblock.SUPERBLOCK_BLOCK * blockSize;
            if (head.limit() < offset + READ_LEN) {
                break;
            }
            ByteBuffer block = head.slice(offset, READ_LEN).order(ByteOrder.LITTLE_ENDIAN);
            if (!hasSignature(block)) {
                continue;
            }
            int bits = block.getInt(OFF_BLOCKSIZE_BITS);
            if (bits < 9 || bits > 12 || (1 << bits) != blockSize) {
                mismatch = source + ": corrupt OCFS2 superblock: OCFSV2 signature at byte " + offset
                        + " (block 2 for " + blockSize + "-byte blocks) but s_blocksize_bits is " + bits;
                continue;
            }
            return decode(source, offset, block, blockSize);
        }
        if (mismatch != null) {
            throw new SuperblockException(mismatch);
        }
        throw new SuperblockException(source + ": not an OCFS2 volume: no " + OcfsSuperblock.SIGNATURE
                + " signature at block 2 for block sizes 512..4096");
    }

    /** The first {@link #HEAD_BYTES} of {@code device} (fewer if shorter), bypassing the page cache if possible. */
    private static ByteBuffer readHead(Path device) throws IOException {
        try {
            return readDirect(device);
        } catch (IOException | UnsupportedOperationException directRefused) {
            // tmpfs and some other file systems refuse O_DIRECT; for a plain image the page cache is the only copy
            return readBuffered(device);
        }
    }

    private static ByteBuffer readDirect(Path device) throws IOException {
        if (DIRECT == null) {
            throw new UnsupportedOperationException("no O_DIRECT open option in this JDK");
        }
        ByteBuffer aligned = ByteBuffer.allocateDirect(HEAD_BYTES + DIRECT_ALIGN).alignedSlice(DIRECT_ALIGN);
        aligned.limit(HEAD_BYTES);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ, DIRECT)) {
            while (aligned.hasRemaining() && ch.read(aligned) > 0) {
                // keep reading until the head is full or the volume ends
            }
        }
        return copyOf(aligned.flip());
    }

    private static ByteBuffer readBuffered(Path device) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEAD_BYTES);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading until the head is full or the volume ends
            }
        }
        return copyOf(buf.flip());
    }

    private static OpenOption directOption() {
        try {
            for (Object option : Class.forName("com.sun.nio.file.ExtendedOpenOption").getEnumConstants()) {
                if (((Enum<?>) option).name().equals("DIRECT")) {
                    return (OpenOption) option;
                }
            }
        } catch (ClassNotFoundException | RuntimeException notAvailable) {
            // module jdk.unsupported absent: read through the page cache
        }
        return null;
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data);
        return copy.flip();
    }

    private static OcfsSuperblock decode(String source, long offset, ByteBuffer b, int blockSize)
            throws SuperblockException {
        int clusterBits = b.getInt(OFF_CLUSTERSIZE_BITS);
        if (clusterBits < 12 || clusterBits > 20) {
            throw new SuperblockException(source + ": corrupt OCFS2 superblock at byte " + offset
                    + ": s_clustersize_bits is " + clusterBits + ", expected 12..20 (4 KiB..1 MiB)");
        }
        int compat = b.getInt(OFF_COMPAT);
        int incompat = b.getInt(OFF_INCOMPAT);
        int roCompat = b.getInt(OFF_RO_COMPAT);
        int maxSlots = Short.toUnsignedInt(b.getShort(OFF_MAX_SLOTS));
        String label = cString(b, OFF_LABEL, LABEL_LEN);
        ByteBuffer bigEndian = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        UUID uuid = new UUID(bigEndian.getLong(OFF_UUID), bigEndian.getLong(OFF_UUID + 8));

        boolean local = FeatureFlag.LOCAL.in(incompat);
        boolean clusterInfo = FeatureFlag.CLUSTERINFO.in(incompat) || FeatureFlag.USERSPACE_STACK.in(incompat);
        String stackName = clusterInfo ? cString(b, OFF_STACK, STACK_LEN) : "";
        String clusterName = clusterInfo ? cString(b, OFF_CLUSTER, CLUSTER_LEN) : "";
        int stackFlags = clusterInfo ? Byte.toUnsignedInt(b.get(OFF_STACK_FLAGS)) : 0;
        ClusterStack stack;
        if (local) {
            stack = ClusterStack.NONE;
        } else if (clusterInfo) {
            stack = ClusterStack.fromStackName(stackName);
        } else {
            stack = ClusterStack.CLASSIC_O2CB;
        }
        return new OcfsSuperblock(blockSize, 1 << clusterBits, maxSlots, label, uuid,
                local ? VolumeMode.LOCAL : VolumeMode.CLUSTER, stack, stackName, clusterName,
                (stackFlags & GLOBAL_HEARTBEAT_FLAG) != 0, stackFlags, compat, incompat, roCompat);
    }

    private static boolean hasSignature(ByteBuffer b) {
        byte[] sig = OcfsSuperblock.SIGNATURE.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < sig.length; i++) {
            if (b.get(i) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    /** A NUL-padded (or full-length, unterminated) byte string as UTF-8. */
    private static String cString(ByteBuffer b, int offset, int maxLen) {
        int len = 0;
        while (len < maxLen && b.get(offset + len) != 0) {
            len++;
        }
        byte[] bytes = new byte[len];
        b.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
