package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.stack.kernel.SlotAges;
import io.o2pool.cluster.heartbeat.DirectBlockDevice;
import io.o2pool.cluster.heartbeat.HeartbeatBlock;
import io.o2pool.testkit.LoopDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel region's slots read straight from a real block device (a loop device; skipped where losetup cannot
 * attach one): blocks written as o2hb writes them come back decoded, and the read-only open cannot write.
 */
class DeviceSlotsTest {
    @TempDir
    Path dir;

    @Test
    void readsEverySlotOfTheRegionAtItsGeometry() throws Exception {
        int sector = 512;
        long start = 64;
        try (LoopDevice loop = LoopDevice.attach(dir, 1 << 20, sector)) {
            try (DirectBlockDevice dev = DirectBlockDevice.open(loop.path())) {
                for (int node : new int[] {0, 3}) {
                    byte[] block = HeartbeatBlock.prepare(0x6b12ff4aL + node, node, 0x86092e2b3b74f9bdL + node,
                            14_000, sector).encode(sector);
                    dev.write((start + node) * sector, block, 0, sector);
                }
            }
            Map<Integer, SlotAges.Slot> slots = DeviceSlots.read(loop.path(), start, sector, 8);
            assertThat(slots).hasSize(8);
            assertThat(slots.get(0)).isEqualTo(new SlotAges.Slot(0, 0, 0x6b12ff4aL, 0x86092e2b3b74f9bdL, 14_000));
            assertThat(slots.get(3)).isEqualTo(new SlotAges.Slot(3, 3, 0x6b12ff4dL, 0x86092e2b3b74f9c0L, 14_000));
            assertThat(slots.get(1).seq()).as("never written").isZero();
            try (DirectBlockDevice ro = DirectBlockDevice.openReadOnly(loop.path())) {
                assertThatThrownBy(() -> ro.write(0, new byte[sector], 0, sector)).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> DeviceSlots.read(loop.path(), start, 4096, 8)).isInstanceOf(IOException.class)
                    .hasMessageContaining("512-byte sectors, the region 4096-byte blocks");
        }
    }
}
