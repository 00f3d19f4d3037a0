package io.o2pool.cluster.heartbeat;

import java.io.IOException;

/**
 * Where an OCFS2 volume's o2hb region lies on its device, in the kernel's own terms: slot {@code i} is the
 * {@code blockBytes}-byte block at byte {@code (startBlock + i) × blockBytes}, for {@code i < blocks}. These are the
 * values ocfs2-tools writes to {@code /sys/kernel/config/cluster/<c>/heartbeat/<UUID>/{block_bytes,start_block,blocks}}
 * when it starts the region, so a userspace node using them shares every slot with the kernel nodes. Immutable.
 *
 * @param blockBytes the slot size: the device's logical sector size (the kernel refuses any other,
 *                   {@code "blocksize %u incorrect for device, expected %d"} in {@code o2hb_region_dev_store})
 * @param startBlock the first slot, in units of {@code blockBytes}
 * @param blocks     slots in the region, at most 255
 */
public record RegionGeometry(int blockBytes, long startBlock, int blocks) {

    public RegionGeometry {
        // o2hb_region_block_bytes_store: a power of two from 512 to 4096
        if (blockBytes < 512 || blockBytes > 4096 || Integer.bitCount(blockBytes) != 1) {
            throw new IllegalArgumentException("heartbeat block size " + blockBytes
                    + " bytes; the kernel accepts a power of two from 512 to 4096");
        }
        if (startBlock < 0) {
            throw new IllegalArgumentException("negative heartbeat start block " + startBlock);
        }
        if (blocks < 1 || blocks > HeartbeatTiming.MAX_NODES) {
            throw new IllegalArgumentException("heartbeat region of " + blocks + " blocks; 1 to "
                    + HeartbeatTiming.MAX_NODES + " allowed");
        }
    }

    /**
     * The region of the volume whose heartbeat file is {@code layout}, on a device with {@code sectorBytes}-byte
     * logical sectors, computed as {@code ocfs2_fill_heartbeat_desc} (ocfs2-tools, libocfs2/heartbeat.c) does:
     * <pre>
     *   block_bytes = sector size
     *   start_block = (first extent's block number × fs block size) / sector size
     *   blocks      = min(255, first extent's clusters × cluster size / fs block size)
     * </pre>
     * ({@code blocks} counts file-system blocks, not sectors: the tools' own rule, kept so configfs agrees.) A
     * 4 KiB-block volume whose heartbeat file starts at block 273 gives {@code 512 / 2184 / 255} on a 512-byte-sector
     * disk and {@code 4096 / 273 / 255} on a 4 KiB-sector disk.
     *
     * @throws IOException as the tools refuse: a heartbeat file of more than one extent or an extent tree
     *                     ({@code OCFS2_ET_BAD_HEARTBEAT_FILE}), or file-system blocks smaller than the sectors
     *                     ({@code OCFS2_ET_BLOCK_SIZE_TOO_SMALL_FOR_HARDWARE})
     */
    public static RegionGeometry of(HeartbeatFileLayout layout, int sectorBytes, String device) throws IOException {
        if (layout.extents().size() != 1) {
            throw new IOException("the heartbeat file of " + device + " has " + layout.extents().size()
                    + " extents; o2hb needs one contiguous extent (recreate the volume with mkfs.ocfs2)");
        }
        if (layout.blockSizeBytes() < sectorBytes) {
            throw new IOException(device + " has " + sectorBytes + "-byte sectors but the volume's blocks are "
                    + layout.blockSizeBytes() + " bytes; the block size is too small for this device");
        }
        HeartbeatFileLayout.Extent extent = layout.extents().get(0);
        long startBlock = extent.blockNumber() * layout.blockSizeBytes() / sectorBytes;
        long fsBlocks = extent.clusters() * layout.clusterSizeBytes() / layout.blockSizeBytes();
        return new RegionGeometry(sectorBytes, startBlock, (int) Math.min(HeartbeatTiming.MAX_NODES, fsBlocks));
    }

    /** Byte offset on the device of slot {@code slot}. */
    public long byteOffsetOfSlot(int slot) {
        return (startBlock + slot) * blockBytes;
    }

    /** The configfs text of this region, as {@code cat block_bytes start_block blocks} prints it. */
    @Override
    public String toString() {
        return "block_bytes=" + blockBytes + " start_block=" + startBlock + " blocks=" + blocks;
    }
}
