package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.testkit.LoopDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Heartbeat I/O on real block devices (loop devices with 512- and 4096-byte logical sectors): each slot write is
 * one sector written straight to the device, the neighbouring slots' bytes are never rewritten, and another
 * descriptor sees each write at once. The block layer's own counters ({@code /sys/block/loopN/stat}) are the
 * witness. Skipped, with the reason printed, where there is no root or no loop support.
 */
class DeviceRegionTest {
    private static final long DEVICE_BYTES = 4L << 20;
    /** The heartbeat file of a 4 KiB-block volume made by mkfs.ocfs2: one extent at block 273. */
    private static final long REGION_START_BYTE = 273L * 4096;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-byte sectors")
    @ValueSource(ints = {512, 4096})
    void opensAtTheDevicesLogicalSectorSize(int sector) throws Exception {
        try (LoopDevice loop = LoopDevice.attach(dir, DEVICE_BYTES, sector);
                DirectBlockDevice dev = DirectBlockDevice.open(loop.path())) {
            assertThat(loop.sysfsLogicalBlockSize()).isEqualTo(sector);
            assertThat(dev.logicalSectorBytes()).isEqualTo(sector);
            assertThatThrownBy(() -> dev.write(sector / 2, new byte[sector], 0, sector))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in whole " + sector);
        }
    }

    @ParameterizedTest(name = "{0}-byte sectors")
    @ValueSource(ints = {512, 4096})
    void aSlotWriteIsOneSectorAndLeavesTheNeighbouringSlotsAlone(int sector) throws Exception {
        RegionGeometry geometry = new RegionGeometry(sector, REGION_START_BYTE / sector, 255);
        try (LoopDevice loop = LoopDevice.attach(dir, DEVICE_BYTES, sector);
                DirectBlockDevice other = DirectBlockDevice.open(loop.path());
                DeviceRegion region = new DeviceRegion(DirectBlockDevice.open(loop.path()), geometry)) {
            // slots 0-9 hold garbage another node (another host's kernel) wrote
            byte[] garbage = new byte[10 * sector];
            new Random(sector).nextBytes(garbage);
            other.write(geometry.byteOffsetOfSlot(0), garbage, 0, garbage.length);

            byte[] expected = garbage.clone();
            for (int slot : new int[] {1, 5, 6}) {
                byte[] block = HeartbeatBlock.prepare(1_700_000_000L + slot, slot, 0x1234L * (slot + 1), 62000, sector)
                        .encode(sector);
                LoopDevice.WriteCounters before = loop.writeCounters();
                region.write(slot, block);
                LoopDevice.WriteCounters written = loop.writeCounters().minus(before);
                assertThat(written.sectors512()).as("512-byte units the device wrote for slot %d", slot)
                        .isEqualTo(sector / 512);
                // the data write, plus the O_DSYNC cache flush loop devices count as a write request of no sectors
                assertThat(written.requests()).as("write requests for slot %d", slot).isBetween(1L, 2L);
                System.arraycopy(block, 0, expected, slot * sector, sector);

                byte[] seen = new byte[10 * sector];
                other.read(geometry.byteOffsetOfSlot(0), seen, 0, seen.length);
                for (int s = 0; s < 10; s++) {
                    assertThat(Arrays.copyOfRange(seen, s * sector, (s + 1) * sector))
                            .as("slot %d after writing slot %d", s, slot)
                            .isEqualTo(Arrays.copyOfRange(expected, s * sector, (s + 1) * sector));
                }
            }
            assertThat(HeartbeatBlock.checksumValid(expected, 5 * sector, sector)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}-byte sectors")
    @ValueSource(ints = {512, 4096})
    void anotherDescriptorHeldOpenSeesEachWriteAtOnce(int sector) throws Exception {
        RegionGeometry geometry = new RegionGeometry(sector, REGION_START_BYTE / sector, 255);
        try (LoopDevice loop = LoopDevice.attach(dir, DEVICE_BYTES, sector);
                DeviceRegion node0 = new DeviceRegion(DirectBlockDevice.open(loop.path()), geometry);
                DeviceRegion node1 = new DeviceRegion(DirectBlockDevice.open(loop.path()), geometry)) {
            byte[] seen = new byte[2 * sector];
            for (long seq = 100; seq < 106; seq++) {
                node0.write(0, HeartbeatBlock.prepare(seq, 0, 0xA0L, 62000, sector).encode(sector));
                node1.read(0, 2, seen);
                assertThat(HeartbeatBlock.decode(seen, 0).seq()).as("node 1 reads node 0's slot").isEqualTo(seq);
                node1.write(1, HeartbeatBlock.prepare(seq, 1, 0xA1L, 62000, sector).encode(sector));
                node0.read(0, 2, seen);
                assertThat(HeartbeatBlock.decode(seen, sector).seq()).as("node 0 reads node 1's slot").isEqualTo(seq);
                assertThat(HeartbeatBlock.decode(seen, 0).seq()).as("node 0's own slot").isEqualTo(seq);
                assertThat(HeartbeatBlock.checksumValid(seen, sector, sector)).isTrue();
            }
        }
    }

    /**
     * The witness can tell: the page-cache write this replaces ({@code FileChannel} with {@code DSYNC}) writes a
     * whole 4 KiB page, eight 512-byte sectors, for one 512-byte slot; the bug in issue 18.
     */
    @Test
    void aBufferedSlotWriteOnA512ByteSectorDeviceWritesTheWholePage() throws Exception {
        try (LoopDevice loop = LoopDevice.attach(dir, DEVICE_BYTES, 512);
                FileChannel buffered = FileChannel.open(loop.path(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DSYNC)) {
            LoopDevice.WriteCounters before = loop.writeCounters();
            buffered.write(ByteBuffer.wrap(new byte[512]), REGION_START_BYTE + 512);
            assertThat(loop.writeCounters().minus(before).sectors512()).isEqualTo(8);
        }
    }

    @Test
    void aRegionFileRefusesABlockDevice() throws Exception {
        try (LoopDevice loop = LoopDevice.attach(dir, DEVICE_BYTES, 512)) {
            HeartbeatFileLayout layout = new HeartbeatFileLayout(4096, 4096, 1 << 20,
                    java.util.List.of(new HeartbeatFileLayout.Extent(0, 256, 273)));
            assertThatThrownBy(() -> RegionFile.openImage(loop.path(), layout)).isInstanceOf(IOException.class)
                    .hasMessageContaining(loop.path() + " is a block device")
                    .hasMessageContaining("direct I/O, one sector per write");
        }
    }
}
