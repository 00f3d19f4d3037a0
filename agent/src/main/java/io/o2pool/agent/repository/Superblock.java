package io.o2pool.agent.repository;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The few OCFS2 superblock fields the agent needs — UUID, label, slot count and local/cluster mode — read from a
 * device or image at block 2 for block sizes 512…4096 (REFERENCE §6). Until the {@code ocfs2} module's reader is
 * available. Immutable.
 */
public record Superblock(String uuid, String label, int maxSlots, boolean localMount, int blockSize) {
    private static final byte[] SIGNATURE = "OCFSV2".getBytes(StandardCharsets.US_ASCII);
    private static final int LOCAL_MOUNT = 0x0008;

    /** Reads the superblock, or empty when {@code device} holds no OCFS2 filesystem. */
    public static Optional<Superblock> read(Path device) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            for (int blockSize = 512; blockSize <= 4096; blockSize *= 2) {
                ByteBuffer block = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
                channel.read(block, 2L * blockSize);
                byte[] head = new byte[SIGNATURE.length];
                block.get(0, head);
                if (!java.util.Arrays.equals(head, SIGNATURE)) {
                    continue;
                }
                int incompat = block.getInt(0xE0);
                int slots = Short.toUnsignedInt(block.getShort(0x100));
                byte[] label = new byte[64];
                block.get(0x110, label);
                byte[] uuid = new byte[16];
                block.get(0x150, uuid);
                return Optional.of(new Superblock(HexFormat.of().withUpperCase().formatHex(uuid), cString(label), slots,
                        (incompat & LOCAL_MOUNT) != 0, blockSize));
            }
            return Optional.empty();
        }
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
