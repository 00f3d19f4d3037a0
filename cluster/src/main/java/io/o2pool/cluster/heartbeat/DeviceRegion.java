package io.o2pool.cluster.heartbeat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The o2hb region of an OCFS2 volume on a block device, read and written as the kernel does: slots of the device's
 * logical sector size at the kernel's {@link RegionGeometry}, with direct I/O ({@link DirectBlockDevice}) so that
 * each write touches exactly its own slot and each read sees what the other hosts' nodes wrote last. Reads fetch a
 * run of slots in one request (as {@code o2hb_read_slots} does with multi-block bios), a write is one block. The
 * only way a region on a block device is opened; {@link RegionFile} refuses devices. Thread-safe.
 */
public final class DeviceRegion implements RegionStore {
    private final DirectBlockDevice device;
    private final RegionGeometry geometry;

    DeviceRegion(DirectBlockDevice device, RegionGeometry geometry) {
        if (geometry.blockBytes() != device.logicalSectorBytes()) {
            throw new IllegalArgumentException("region of " + geometry.blockBytes() + "-byte blocks on " + device
                    + ", whose logical sectors are " + device.logicalSectorBytes() + " bytes");
        }
        this.device = device;
        this.geometry = geometry;
    }

    /**
     * Opens the heartbeat region of the OCFS2 volume on block device {@code device}, whose heartbeat file is laid
     * out as {@code layout}.
     */
    public static DeviceRegion open(Path device, HeartbeatFileLayout layout) throws IOException {
        DirectBlockDevice dev = DirectBlockDevice.open(device);
        try {
            return new DeviceRegion(dev, RegionGeometry.of(layout, dev.logicalSectorBytes(), device.toString()));
        } catch (IOException | RuntimeException e) {
            dev.close();
            throw e;
        }
    }

    /** Where the region lies (the values the kernel shows in configfs for the same volume). */
    public RegionGeometry geometry() {
        return geometry;
    }

    @Override
    public int blockBytes() {
        return geometry.blockBytes();
    }

    @Override
    public int slotCount() {
        return geometry.blocks();
    }

    @Override
    public void read(int firstSlot, int count, byte[] into) throws IOException {
        checkRange(firstSlot, count);
        if (count == 0) {
            return;
        }
        device.read(geometry.byteOffsetOfSlot(firstSlot), into, 0, count * geometry.blockBytes());
    }

    @Override
    public void write(int slot, byte[] block) throws IOException {
        checkRange(slot, 1);
        if (block.length != geometry.blockBytes()) {
            throw new IllegalArgumentException("block of " + block.length + " bytes, region uses "
                    + geometry.blockBytes());
        }
        device.write(geometry.byteOffsetOfSlot(slot), block, 0, block.length);
    }

    @Override
    public String describe() {
        return device.toString();
    }

    @Override
    public void close() throws IOException {
        device.close();
    }

    private void checkRange(int first, int count) {
        if (first < 0 || count < 0 || first + count > geometry.blocks()) {
            throw new IllegalArgumentException("slots " + first + ".." + (first + count - 1) + " outside the region's "
                    + geometry.blocks() + " slots on " + device);
        }
    }
}
