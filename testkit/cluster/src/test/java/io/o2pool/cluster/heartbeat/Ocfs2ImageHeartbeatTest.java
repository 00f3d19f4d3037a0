package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.FakeScheduler;
import io.o2pool.testkit.LoopDevice;
import io.o2pool.testkit.O2hbCaptures;
import io.o2pool.testkit.Programs;
import io.o2pool.testkit.cluster.FakeTime;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our heartbeat code on the heartbeat system file of an OCFS2 image made by the real {@code mkfs.ocfs2}, checked
 * with the real {@code debugfs.ocfs2 -R hb}.
 */
class Ocfs2ImageHeartbeatTest {
    private static final int NODES = 4;

    @Test
    void debugfsShowsTheBlocksOurHeartbeatLoopWroteIntoAnOcfs2Image(@TempDir Path dir) throws Exception {
        Path image = makeClusterImage(dir);
        HeartbeatFileLayout layout = HeartbeatFileLayout.probe(image);
        assertThat(layout.blockSizeBytes()).isEqualTo(4096);
        assertThat(layout.slotCount(512)).isEqualTo(255);
        assertThat(layout.startBlock(512)).as("the kernel's start_block in sectors").isEqualTo(
                layout.extents().get(0).blockNumber() * 8);

        FakeScheduler scheduler = FakeScheduler.create();
        FakeTime time = new FakeTime(scheduler);
        List<DiskHeartbeat> beats = new ArrayList<>();
        List<RegionFile> files = new ArrayList<>();
        BitSet configured = new BitSet();
        configured.set(0, NODES);
        for (int n = 0; n < NODES; n++) {
            RegionFile file = RegionFile.openImage(image, layout);
            files.add(file);
            long generation = 0x1111_0000_0000_0000L * (n + 1) + n;
            DiskHeartbeat hb = new DiskHeartbeat(time, new ExecutorRegionIo(file, Runnable::run),
                    new ClusterLog("node" + n, getClass()), n, 31, configured, () -> generation, "UUID", NO_EVENTS);
            beats.add(hb);
            hb.start();
        }
        scheduler.runDue();
        scheduler.advanceMs(6000); // four iterations of every node: all live, steady
        for (DiskHeartbeat hb : beats) {
            assertThat(hb.tracker().liveNodes().cardinality()).isEqualTo(NODES);
        }
        long seq = scheduler.now().getEpochSecond();

        ExecResult hb = Programs.run(dir, List.of(Programs.ocfs2Tool("debugfs.ocfs2").toString(), "-R", "hb",
                image.toString()));
        assertThat(hb.exitCode()).as(hb.toString()).isZero();
        List<String> lines = hb.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo(RegionDump.HEADER);
        assertThat(lines).hasSize(1 + NODES);
        for (int n = 0; n < NODES; n++) {
            long generation = 0x1111_0000_0000_0000L * (n + 1) + n;
            HeartbeatBlock expected = HeartbeatBlock.prepare(seq, n, generation, 62000, 512);
            assertThat(lines.get(1 + n)).isEqualTo(String.format("\t%4d: %4d %016x %016x %08x %6d", n, n, seq, generation,
                    expected.checksumUnsigned(), 62000));
        }

        // the same region read back through our code agrees, and a clean stop shows generation 0 in debugfs
        beats.get(2).stop();
        scheduler.runDue();
        String after = Programs.run(dir, List.of(Programs.ocfs2Tool("debugfs.ocfs2").toString(), "-R", "hb",
                image.toString())).stdout();
        assertThat(after.lines().toList().get(3)).matches("\t   2:    2 [0-9a-f]{16} 0000000000000000 [0-9a-f]{8}  62000");
        byte[] region = new byte[NODES * 512];
        files.get(0).read(0, NODES, region);
        assertThat(RegionDump.format(region, 512)).isEqualTo(after);
        for (RegionFile f : files) {
            f.close();
        }
    }

    /**
     * The same loop on a real block device (a loop device with 512- or 4096-byte sectors): the region is opened
     * with direct I/O at the kernel's geometry, and each node's block lies at {@code (start_block + node) ×
     * block_bytes}, a whole sector long with its checksum over the sector, where a kernel node looks for it.
     */
    @ParameterizedTest(name = "{0}-byte sectors")
    @ValueSource(ints = {512, 4096})
    void nodesHeartbeatOnAnOcfs2VolumeOnABlockDeviceAtTheKernelsGeometry(int sector, @TempDir Path dir)
            throws Exception {
        try (LoopDevice loop = LoopDevice.attach(dir, 64L << 20, sector)) {
            makeClusterVolume(dir, loop.path());
            HeartbeatFileLayout layout = HeartbeatFileLayout.probe(loop.path());
            long firstBlock = layout.extents().get(0).blockNumber();
            RegionGeometry geometry = new RegionGeometry(sector, firstBlock * 4096 / sector, 255);

            FakeScheduler scheduler = FakeScheduler.create();
            FakeTime time = new FakeTime(scheduler);
            List<RegionStore> regions = new ArrayList<>();
            List<DiskHeartbeat> beats = new ArrayList<>();
            BitSet configured = new BitSet();
            configured.set(0, NODES);
            for (int n = 0; n < NODES; n++) {
                RegionStore region = RegionStore.openVolume(loop.path());
                regions.add(region);
                assertThat(region).isInstanceOf(DeviceRegion.class);
                assertThat(((DeviceRegion) region).geometry()).isEqualTo(geometry);
                long generation = 0x2222_0000_0000_0000L + n;
                DiskHeartbeat hb = new DiskHeartbeat(time, new ExecutorRegionIo(region, Runnable::run),
                        new ClusterLog("node" + n, getClass()), n, 31, configured, () -> generation, "UUID", NO_EVENTS);
                beats.add(hb);
                hb.start();
            }
            scheduler.runDue();
            scheduler.advanceMs(6000);
            for (DiskHeartbeat hb : beats) {
                assertThat(hb.tracker().liveNodes().cardinality()).isEqualTo(NODES);
            }
            long seq = scheduler.now().getEpochSecond();
            try (DirectBlockDevice raw = DirectBlockDevice.open(loop.path())) {
                byte[] blocks = new byte[(NODES + 1) * sector];
                raw.read(geometry.byteOffsetOfSlot(0), blocks, 0, blocks.length);
                for (int n = 0; n < NODES; n++) {
                    assertThat(HeartbeatBlock.decode(blocks, n * sector))
                            .isEqualTo(HeartbeatBlock.prepare(seq, n, 0x2222_0000_0000_0000L + n, 62000, sector));
                    assertThat(HeartbeatBlock.checksumValid(blocks, n * sector, sector)).isTrue();
                }
                assertThat(HeartbeatBlock.decode(blocks, NODES * sector).isEmpty()).as("slot 4 untouched").isTrue();
            }
            for (RegionStore r : regions) {
                r.close();
            }
        }
    }

    @Test
    void theKernelsCaptureCopiedIntoAnImageIsReadBackThroughTheHeartbeatFile(@TempDir Path dir) throws Exception {
        Path image = makeClusterImage(dir);
        HeartbeatFileLayout layout = HeartbeatFileLayout.probe(image);
        byte[] capture = O2hbCaptures.bytes(O2hbCaptures.LIVE);
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            raf.seek(layout.byteOffsetOfSlot(0, 512));
            raf.write(capture, 0, 255 * 512);
        }
        try (RegionFile file = RegionFile.openImage(image, layout)) {
            byte[] region = new byte[255 * 512];
            file.read(0, 255, region);
            assertThat(RegionDump.format(region, 512)).isEqualTo(O2hbCaptures.text("live-debugfs-hb.txt"));
        }
        String hb = Programs.run(dir, List.of(Programs.ocfs2Tool("debugfs.ocfs2").toString(), "-R", "hb",
                image.toString())).stdout();
        assertThat(hb).isEqualTo(O2hbCaptures.text("live-debugfs-hb.txt"));
    }

    /**
     * A 64 MiB sparse {@code -N 4} cluster image. On hosts without {@code /sbin/modprobe}, mkfs.ocfs2 1.8.7 forks
     * children that continue after a failed exec and report "Unable to access cluster service", so its exit code
     * is not trusted; the image is checked with debugfs.ocfs2 instead.
     */
    static Path makeClusterImage(Path dir) throws Exception {
        Path image = dir.resolve("cluster-n4.img");
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            raf.setLength(64L << 20);
        }
        return makeClusterVolume(dir, image);
    }

    /** Formats {@code image} (a file or a block device) as a {@code -N 4} cluster volume with 4 KiB blocks. */
    static Path makeClusterVolume(Path dir, Path image) throws Exception {
        ExecResult mkfs = Programs.run(dir, List.of(Programs.ocfs2Tool("mkfs.ocfs2").toString(), "-q", "-b", "4096",
                "-C", "4096", "-N", "4", "-L", "o2pool-hb", "--cluster-stack=o2cb", "--cluster-name=ocfs2",
                image.toString()));
        ExecResult stats = Programs.run(dir, List.of(Programs.ocfs2Tool("debugfs.ocfs2").toString(), "-R", "stats",
                image.toString()));
        assertThat(stats.stdout()).as("mkfs.ocfs2 made a 4-slot volume: %s", mkfs).contains("Max Node Slots: 4");
        return image;
    }

    private static final HeartbeatListener NO_EVENTS = new HeartbeatListener() {
        @Override
        public void nodeUp(SlotCheck check) {
        }

        @Override
        public void nodeDown(SlotCheck check) {
        }

        @Override
        public void writeTimeout(long elapsedMs) {
            throw new AssertionError("write timeout on an image file");
        }
    };
}
