package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel's region geometry as ocfs2-tools computes it ({@code ocfs2_fill_heartbeat_desc}), checked against the
 * configfs values measured in the QEMU guests (issue 18, {@code kvm-ocfs2/wire-compat.md}): a 4 KiB-block volume
 * whose heartbeat file starts at block 273 is {@code 512 / 2184} on a 512-byte-sector disk and {@code 4096 / 273}
 * on a 4 KiB-sector disk.
 */
class RegionGeometryTest {
    /** What mkfs.ocfs2 -b 4096 -C 4096 makes: a 1 MiB heartbeat file, one extent at block 273. */
    private static final HeartbeatFileLayout MKFS_4K = layout(4096, 4096, 1 << 20, extent(0, 256, 273));

    @ParameterizedTest(name = "{0}-byte sectors: block_bytes={1} start_block={2} blocks={3}")
    @CsvSource({
        "512,  512,  2184, 255",
        "4096, 4096, 273,  255",
    })
    void matchesConfigfsOnBothSectorSizes(int sector, int blockBytes, long startBlock, int blocks) throws IOException {
        RegionGeometry g = RegionGeometry.of(MKFS_4K, sector, "vda");
        assertThat(g).isEqualTo(new RegionGeometry(blockBytes, startBlock, blocks));
        assertThat(g.toString()).isEqualTo("block_bytes=" + blockBytes + " start_block=" + startBlock
                + " blocks=" + blocks);
    }

    @Test
    void slotsFollowEachOtherAtTheSectorSizeFromTheSameByteOnBothSectorSizes() throws IOException {
        RegionGeometry small = RegionGeometry.of(MKFS_4K, 512, "vda");
        RegionGeometry large = RegionGeometry.of(MKFS_4K, 4096, "vda");
        long fileStart = 273L * 4096;
        assertThat(small.byteOffsetOfSlot(0)).isEqualTo(fileStart);
        assertThat(large.byteOffsetOfSlot(0)).isEqualTo(fileStart);
        assertThat(small.byteOffsetOfSlot(1)).isEqualTo(fileStart + 512);
        // with fixed 512-byte slots node 1 would land inside kernel node 0's 4 KiB block
        assertThat(large.byteOffsetOfSlot(1)).isEqualTo(fileStart + 4096);
        assertThat(large.byteOffsetOfSlot(254)).isEqualTo(fileStart + 254L * 4096);
        assertThat(large.byteOffsetOfSlot(254) + 4096).as("the last slot ends inside the 1 MiB file")
                .isLessThanOrEqualTo(fileStart + (1 << 20));
    }

    @ParameterizedTest(name = "fs block {0}, cluster {1}, {2} clusters at block {3}, {4}-byte sectors -> {5}/{6}")
    @CsvSource({
        // blocks counts file-system blocks (the tools' rule), capped at 255
        "4096, 4096,    64, 273,  512,  2184, 64",
        "4096, 4096,    64, 273,  4096, 273,  64",
        "4096, 1048576, 1,  1024, 4096, 1024, 255",
        "512,  4096,    32, 100,  512,  100,  255",
        "1024, 4096,    8,  50,   512,  100,  32",
        "2048, 8192,    4,  33,   2048, 33,   16",
    })
    void computesStartAndCountAsTheToolsDo(int fsBlock, int cluster, long clusters, long blkno, int sector,
            long startBlock, int blocks) throws IOException {
        HeartbeatFileLayout layout = layout(fsBlock, cluster, clusters * cluster, extent(0, clusters, blkno));
        assertThat(RegionGeometry.of(layout, sector, "sdb")).isEqualTo(new RegionGeometry(sector, startBlock, blocks));
    }

    @Test
    void refusesWhatTheToolsRefuse() {
        HeartbeatFileLayout twoExtents = new HeartbeatFileLayout(4096, 4096, 1 << 20,
                List.of(extent(0, 128, 273), extent(128, 128, 900)));
        assertThatThrownBy(() -> RegionGeometry.of(twoExtents, 512, "sdb")).isInstanceOf(IOException.class)
                .hasMessageContaining("the heartbeat file of sdb has 2 extents");
        HeartbeatFileLayout smallBlocks = layout(512, 4096, 1 << 20, extent(0, 256, 2184));
        assertThatThrownBy(() -> RegionGeometry.of(smallBlocks, 4096, "sdb")).isInstanceOf(IOException.class)
                .hasMessageContaining("sdb has 4096-byte sectors but the volume's blocks are 512 bytes");
    }

    @Test
    void rejectsBlockSizesTheKernelRejects() {
        for (int bad : new int[] {0, 256, 520, 8192}) {
            assertThatThrownBy(() -> new RegionGeometry(bad, 0, 255)).as("%d", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two from 512 to 4096");
        }
        assertThatThrownBy(() -> new RegionGeometry(512, 0, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionGeometry(512, -1, 255)).isInstanceOf(IllegalArgumentException.class);
    }

    private static HeartbeatFileLayout layout(int block, int cluster, long size, HeartbeatFileLayout.Extent extent) {
        return new HeartbeatFileLayout(block, cluster, size, List.of(extent));
    }

    private static HeartbeatFileLayout.Extent extent(long cpos, long clusters, long blkno) {
        return new HeartbeatFileLayout.Extent(cpos, clusters, blkno);
    }
}
