package io.o2pool.cluster.heartbeat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntToLongFunction;

/**
 * A heartbeat region stored in a regular file, through the page cache: either the region file of a shared
 * repository folder (255 slots of 512 bytes from offset 0, created sparse when missing) or the heartbeat system file
 * inside an OCFS2 image file (at the kernel's {@link RegionGeometry} for 512-byte sectors). Writes use
 * {@code O_DSYNC} so a write returns once the block is on stable storage. Block devices are refused: kernel nodes on
 * other hosts would read this host's stale, page-sized write-backs of their slots and fence; {@link DeviceRegion}
 * opens those. Thread-safe (positional I/O only).
 */
public final class RegionFile implements RegionStore {
    /** The file name of the region inside a shared repository folder. */
    public static final String REGION_FILE_NAME = "heartbeat";
    /**
     * Slot size of a region file, and of an image file's region: the kernel's {@code block_bytes} on a
     * 512-byte-sector device (what a loop device over the file has by default).
     */
    public static final int SLOT_BYTES = 512;

    private final Path path;
    private final FileChannel channel;
    private final int blockBytes;
    private final int slotCount;
    private final IntToLongFunction slotOffset;
    private final boolean contiguous;

    private RegionFile(Path path, FileChannel channel, int blockBytes, int slotCount, IntToLongFunction slotOffset) {
        this.path = path;
        this.channel = channel;
        this.blockBytes = blockBytes;
        this.slotCount = slotCount;
        this.slotOffset = slotOffset;
        this.contiguous = slotCount < 2
                || slotOffset.applyAsLong(slotCount - 1) - slotOffset.applyAsLong(0) == (long) (slotCount - 1) * blockBytes;
    }

    /**
     * Opens (creating when missing) the region file {@code dir/heartbeat} of a shared repository folder:
     * 255 slots × 512 bytes. The folder must exist and be shared by every node of the cluster.
     */
    public static RegionFile openShared(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("region folder " + dir + " does not exist; create it on the shared repository"
                    + " (the same folder on every node)");
        }
        Path file = dir.resolve(REGION_FILE_NAME);
        refuseBlockDevice(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        long size = (long) HeartbeatTiming.MAX_NODES * SLOT_BYTES;
        if (ch.size() < size) {
            // a sparse tail reads as zeros, like a freshly formatted heartbeat area
            ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
        return new RegionFile(file, ch, SLOT_BYTES, HeartbeatTiming.MAX_NODES, slot -> (long) slot * SLOT_BYTES);
    }

    /**
     * Opens the heartbeat region of the OCFS2 image file {@code image}, whose heartbeat file is laid out as
     * {@code layout}: {@link RegionGeometry#of} for 512-byte sectors.
     *
     * @throws IOException if {@code image} is a block device (open it with {@link DeviceRegion#open}) or the
     *                     heartbeat file is not one extent
     */
    public static RegionFile openImage(Path image, HeartbeatFileLayout layout) throws IOException {
        refuseBlockDevice(image);
        RegionGeometry geometry = RegionGeometry.of(layout, SLOT_BYTES, image.toString());
        FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DSYNC);
        return new RegionFile(image, ch, SLOT_BYTES, geometry.blocks(), geometry::byteOffsetOfSlot);
    }

    private static void refuseBlockDevice(Path path) throws IOException {
        if (Files.exists(path) && DirectBlockDevice.isBlockDevice(path)) {
            throw new IOException(path + " is a block device: its heartbeat region must be read and written with"
                    + " direct I/O, one sector per write (kernel nodes on other hosts would otherwise see this host's"
                    + " stale page-cache copies of their slots and fence); open it as an OCFS2 volume"
                    + " (RegionStore.openVolume / DeviceRegion), not as a region file");
        }
    }

    @Override
    public int blockBytes() {
        return blockBytes;
    }

    @Override
    public int slotCount() {
        return slotCount;
    }

    @Override
    public void read(int firstSlot, int count, byte[] into) throws IOException {
        checkRange(firstSlot, count);
        if (contiguous) {
            readFully(ByteBuffer.wrap(into, 0, count * blockBytes), slotOffset.applyAsLong(firstSlot));
            return;
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer buf = ByteBuffer.wrap(into, i * blockBytes, blockBytes);
            long pos = slotOffset.applyAsLong(firstSlot + i);
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos + (buf.position() - i * blockBytes));
                if (n < 0) {
                    // past the end of a short file: the rest reads as zeros
                    while (buf.hasRemaining()) {
                        buf.put((byte) 0);
                    }
                }
            }
        }
    }

    private void readFully(ByteBuffer buf, long pos) throws IOException {
        long start = pos - buf.position();
        while (buf.hasRemaining()) {
            if (channel.read(buf, start + buf.position()) < 0) {
                while (buf.hasRemaining()) {
                    buf.put((byte) 0); // past the end of a short file: zeros
                }
            }
        }
    }

    @Override
    public void write(int slot, byte[] block) throws IOException {
        checkRange(slot, 1);
        if (block.length != blockBytes) {
            throw new IllegalArgumentException("block of " + block.length + " bytes, region uses " + blockBytes);
        }
        ByteBuffer buf = ByteBuffer.wrap(block);
        long pos = slotOffset.applyAsLong(slot);
        while (buf.hasRemaining()) {
            channel.write(buf, pos + buf.position());
        }
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void checkRange(int first, int count) {
        if (first < 0 || count < 0 || first + count > slotCount) {
            throw new IllegalArgumentException("slots " + first + ".." + (first + count - 1) + " outside the region's "
                    + slotCount + " slots of " + path);
        }
    }
}
