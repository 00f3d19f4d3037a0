package io.o2pool.ocfs2.superblock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The superblock reader against the real ocfs2-tools 1.8.7: images are made in the test by {@code mkfs.ocfs2} (and
 * changed by {@code tunefs.ocfs2}), and every field must equal what {@code tunefs.ocfs2 -Q '%U %V %N %M %H %O %T'}
 * and {@code debugfs.ocfs2 -R stats} report, as well as what the test asked mkfs for.
 */
class SuperblockReaderToolsTest {

    /**
     * One image: mkfs options and what the reader must report independently of the tools.
     */
    record Case(String name, List<String> mkfs, String uuid, int blockSize, VolumeMode mode, ClusterStack stack,
                String clusterName, boolean globalHeartbeat, String label) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("local 512 B blocks", List.of("-b", "512", "-C", "4096", "-J", "size=4M", "-M", "local",
                        "-L", "loc512"), "77777777-2222-3333-4444-555555555555", 512, VolumeMode.LOCAL,
                        ClusterStack.NONE, "", false, "loc512"),
                new Case("local 1 KiB blocks", List.of("-b", "1024", "-M", "local", "-L", "loc1k"),
                        "55555555-2222-3333-4444-555555555555", 1024, VolumeMode.LOCAL, ClusterStack.NONE, "",
                        false, "loc1k"),
                new Case("local 2 KiB blocks, 8 KiB clusters, no label", List.of("-b", "2048", "-C", "8192", "-M",
                        "local"), "66666666-2222-3333-4444-555555555555", 2048, VolumeMode.LOCAL,
                        ClusterStack.NONE, "", false, ""),
                new Case("local 4 KiB blocks", List.of("-b", "4096", "-C", "4096", "-M", "local", "-L", "locvol"),
                        "11111111-2222-3333-4444-555555555555", 4096, VolumeMode.LOCAL, ClusterStack.NONE, "",
                        false, "locvol"),
                new Case("cluster -N 4 o2cb ocfs2", List.of("-b", "4096", "-C", "4096", "-N", "4", "-L", "cluvol",
                        "--cluster-stack=o2cb", "--cluster-name=ocfs2"), "22222222-2222-3333-4444-555555555555",
                        4096, VolumeMode.CLUSTER, ClusterStack.O2CB, "ocfs2", false, "cluvol"),
                new Case("classic cluster, no stack options", List.of("-b", "4096", "-C", "4096", "-M", "cluster",
                        "-N", "2", "-L", "plain"), "33333333-2222-3333-4444-555555555555", 4096,
                        VolumeMode.CLUSTER, ClusterStack.CLASSIC_O2CB, "", false, "plain"),
                new Case("mkfs defaults (1 KiB blocks, classic cluster)", List.of(),
                        "44444444-2222-3333-4444-555555555555", 1024, VolumeMode.CLUSTER, ClusterStack.CLASSIC_O2CB,
                        "", false, ""),
                new Case("pcmk", List.of("-b", "4096", "-N", "2", "--cluster-stack=pcmk", "--cluster-name=mycl"),
                        "99999999-2222-3333-4444-555555555555", 4096, VolumeMode.CLUSTER, ClusterStack.PCMK, "mycl",
                        false, ""),
                new Case("cman with a 16-character cluster name", List.of("-b", "4096", "-N", "2",
                        "--cluster-stack=cman", "--cluster-name=abcdefghij123456", "-L", "with space"),
                        "12345678-9abc-def0-1234-56789abcdef0", 4096, VolumeMode.CLUSTER, ClusterStack.CMAN,
                        "abcdefghij123456", false, "with space"),
                new Case("global heartbeat", List.of("-b", "4096", "-N", "2", "--cluster-stack=o2cb",
                        "--cluster-name=ocfs2", "--global-heartbeat", "-L", "ghvol"),
                        "88888888-2222-3333-4444-555555555555", 4096, VolumeMode.CLUSTER, ClusterStack.O2CB, "ocfs2",
                        true, "ghvol"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyFieldEqualsWhatTheToolsReport(Case c, @TempDir Path dir) throws Exception {
        Path image = RealTools.mkfs(dir, "vol.img", c.uuid(), c.mkfs());

        OcfsSuperblock sb = SuperblockReader.read(image);

        assertThat(sb.uuidDashed()).isEqualTo(c.uuid());
        assertThat(sb.blockSize()).isEqualTo(c.blockSize());
        assertThat(sb.mode()).isEqualTo(c.mode());
        assertThat(sb.stack()).isEqualTo(c.stack());
        assertThat(sb.clusterName()).isEqualTo(c.clusterName());
        assertThat(sb.globalHeartbeat()).isEqualTo(c.globalHeartbeat());
        assertThat(sb.label()).isEqualTo(c.label());
        assertSameAsTools(dir, image, sb);
    }

    @Test
    void followsTunefsChangesOfSlotsLabelAndUuid(@TempDir Path dir) throws Exception {
        Path image = RealTools.mkfs(dir, "t-local.img", "11111111-2222-3333-4444-555555555555",
                List.of("-b", "4096", "-C", "4096", "-M", "local", "-L", "locvol"));
        assertThat(SuperblockReader.read(image).maxSlots()).isEqualTo(1);

        RealTools.tunefs(dir, image, "-N", "8");
        OcfsSuperblock afterSlots = SuperblockReader.read(image);
        assertThat(afterSlots.maxSlots()).isEqualTo(8);
        assertThat(afterSlots.label()).isEqualTo("locvol");
        assertSameAsTools(dir, image, afterSlots);

        RealTools.tunefs(dir, image, "-L", "newlabel");
        OcfsSuperblock afterLabel = SuperblockReader.read(image);
        assertThat(afterLabel.label()).isEqualTo("newlabel");
        assertThat(afterLabel.maxSlots()).isEqualTo(8);
        assertSameAsTools(dir, image, afterLabel);

        RealTools.tunefs(dir, image, "--uuid-reset=A53BAF6548A344568D709BB62B2EC7B4");
        OcfsSuperblock afterUuid = SuperblockReader.read(image);
        assertThat(afterUuid.uuidHex()).isEqualTo("A53BAF6548A344568D709BB62B2EC7B4");
        assertThat(afterUuid.uuidDashed()).isEqualTo("a53baf65-48a3-4456-8d70-9bb62b2ec7b4");
        assertThat(afterUuid.mode()).isEqualTo(VolumeMode.LOCAL);
        assertSameAsTools(dir, image, afterUuid);
    }

    @Test
    void localImageDecreasedSlots(@TempDir Path dir) throws Exception {
        Path image = RealTools.mkfs(dir, "slots.img", "abcdef01-2222-3333-4444-555555555555",
                List.of("-b", "1024", "-M", "local", "-N", "4"));
        RealTools.tunefs(dir, image, "-N", "2");
        OcfsSuperblock sb = SuperblockReader.read(image);
        assertThat(sb.maxSlots()).isEqualTo(2);
        assertSameAsTools(dir, image, sb);
    }

    /** Compares every field with {@code tunefs.ocfs2 -Q} and {@code debugfs.ocfs2 -R stats}. */
    static void assertSameAsTools(Path dir, Path image, OcfsSuperblock sb) {
        RealTools.Query q = RealTools.query(dir, image);
        assertThat(sb.uuidHex()).as("%%U").isEqualTo(q.uuid());
        assertThat(sb.label()).as("%%V").isEqualTo(q.label());
        assertThat(sb.maxSlots()).as("%%N").isEqualTo(q.slots());
        assertThat(sb.compatNames()).as("%%M").isEqualTo(q.compat());
        assertThat(sb.incompatNames()).as("%%H").isEqualTo(q.incompat());
        assertThat(sb.roCompatNames()).as("%%O").isEqualTo(q.roCompat());
        assertThat(sb.clusterSize()).as("%%T").isEqualTo(q.clusterSize());

        Map<String, String> stats = RealTools.debugfsStats(dir, image);
        assertThat(1 << Integer.parseInt(stats.get("Block Size Bits"))).as("Block Size Bits").isEqualTo(sb.blockSize());
        assertThat(1 << Integer.parseInt(stats.get("Cluster Size Bits"))).as("Cluster Size Bits")
                .isEqualTo(sb.clusterSize());
        assertThat(stats.get("Max Node Slots")).isEqualTo(Integer.toString(sb.maxSlots()));
        assertThat(stats.get("Label")).isEqualTo(sb.label());
        assertThat(stats.get("UUID")).isEqualTo(sb.uuidHex());
        assertThat(stats.get("Feature Compat")).isEqualTo(flags(sb.compatFlags(), sb.compatNames()));
        assertThat(stats.get("Feature Incompat")).isEqualTo(flags(sb.incompatFlags(), sb.incompatNames()));
        assertThat(stats.get("Feature RO compat")).isEqualTo(flags(sb.roCompatFlags(), sb.roCompatNames()));
        String expectedStack = switch (sb.stack()) {
            case NONE, CLASSIC_O2CB -> "classic o2cb";
            case O2CB, PCMK, CMAN, OTHER -> sb.stackName();
        };
        assertThat(stats.get("Cluster stack")).isEqualTo(expectedStack);
        if (sb.hasClusterInfo()) {
            assertThat(stats.get("Cluster name")).isEqualTo(sb.clusterName());
        } else {
            assertThat(stats).doesNotContainKey("Cluster name");
            assertThat(sb.clusterName()).isEmpty();
        }
        assertThat(stats.get("Cluster flags")).isEqualTo(sb.globalHeartbeat()
                ? sb.stackFlags() + " Globalheartbeat" : Integer.toString(sb.stackFlags()));
        assertThat(stats.get("Feature Incompat").contains(" local ")).as("local feature vs mode")
                .isEqualTo(sb.mode() == VolumeMode.LOCAL);

        Map<String, String> blkid = RealTools.blkid(dir, image);
        assertThat(blkid.get("TYPE")).isEqualTo("ocfs2");
        assertThat(blkid.get("UUID")).as("blkid's 8-4-4-4-12 form").isEqualTo(sb.uuidDashed());
        assertThat(blkid.get("BLOCK_SIZE")).isEqualTo(Integer.toString(sb.blockSize()));
        assertThat(blkid.getOrDefault("LABEL", "")).isEqualTo(sb.label());
    }

    private static String flags(int value, String names) {
        return names.isEmpty() ? Integer.toString(value) : value + " " + names;
    }
}
