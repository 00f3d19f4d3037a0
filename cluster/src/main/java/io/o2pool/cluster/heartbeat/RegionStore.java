package io.o2pool.cluster.heartbeat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a heartbeat region's slots live: a region file in the shared repository, the heartbeat system file
 * of an OCFS2 image, or memory in tests. Slot {@code i} holds node {@code i}'s block. Calls block until the
 * I/O is done; a write returns only once the block is durable (O_DSYNC or force), as the kernel's
 * {@code REQ_SYNC} write does. Implementations must allow one reader and one writer at a time.
 */
public interface RegionStore extends Closeable {

    /**
     * Opens the heartbeat region of the OCFS2 volume at {@code volume}, located with the real
     * {@code debugfs.ocfs2}: on a block device with direct I/O at the device's sector size ({@link DeviceRegion}),
     * in an image file through the page cache with 512-byte slots ({@link RegionFile}).
     */
    static RegionStore openVolume(Path volume) throws IOException {
        HeartbeatFileLayout layout = HeartbeatFileLayout.probe(volume);
        return DirectBlockDevice.isBlockDevice(volume) ? DeviceRegion.open(volume, layout)
                : RegionFile.openImage(volume, layout);
    }

    /** Bytes per slot (the kernel's {@code block_bytes}: the device's logical sector size, 512 to 4096). */
    int blockBytes();

    /** Slots in the region (255 for a full region; fewer on a small OCFS2 heartbeat file). */
    int slotCount();

    /** Reads {@code count} slots starting at {@code firstSlot} into {@code into} (at least count × blockBytes long). */
    void read(int firstSlot, int count, byte[] into) throws IOException;

    /** Writes {@code block} (blockBytes long) into {@code slot}, durably. */
    void write(int slot, byte[] block) throws IOException;

    /** A short name for logs, the kernel's {@code %pg} device name (a path here). */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
