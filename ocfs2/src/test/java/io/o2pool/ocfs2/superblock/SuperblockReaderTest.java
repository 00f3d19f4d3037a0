package io.o2pool.ocfs2.superblock;

import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The superblock reader on the superblocks recorded from ocfs2-tools 1.8.7 images ({@code sbhex-*.txt}, decoded in
 * {@code decoded-superblocks.txt}), and its errors on files that are not OCFS2 volumes.
 */
class SuperblockReaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            local-4k           | 4096 | 4096 | 1 | locvol | 11111111222233334444555555555555 | LOCAL   | NONE         | ''    | false | 0xb758
            local-1k           | 1024 | 4096 | 1 | ''     | 55555555222233334444555555555555 | LOCAL   | NONE         | ''    | false | 0xb758
            cluster-n4-o2cb    | 4096 | 4096 | 4 | cluvol | 22222222222233334444555555555555 | CLUSTER | O2CB         | ocfs2 | false | 0xf750
            cluster-n2-nostack | 4096 | 4096 | 2 | plain  | 33333333222233334444555555555555 | CLUSTER | CLASSIC_O2CB | ''    | false | 0xb750
            cluster-gh         | 4096 | 4096 | 2 | ''     | 88888888222233334444555555555555 | CLUSTER | O2CB         | ocfs2 | true  | 0xf750
            cluster-pcmk       | 4096 | 4096 | 2 | ''     | 99999999222233334444555555555555 | CLUSTER | PCMK         | mycl  | false | 0xb7d0
            t-local2           | 4096 | 4096 | 4 | locvol | 11111111222233334444555555555555 | CLUSTER | O2CB         | ocfs2 | false | 0xf750
            """)
    void readsTheRecordedSuperblocks(String name, int blockSize, int clusterSize, int slots, String label, String uuid,
                                     VolumeMode mode, ClusterStack stack, String cluster, boolean globalHb,
                                     String incompat, @TempDir Path dir) throws IOException {
        Path image = imageFromDump(dir, SharedDocs.ocfs2Tools("sbhex-" + name + ".txt"));

        OcfsSuperblock sb = SuperblockReader.read(image);

        assertThat(sb.blockSize()).isEqualTo(blockSize);
        assertThat(sb.clusterSize()).isEqualTo(clusterSize);
        assertThat(sb.maxSlots()).isEqualTo(slots);
        assertThat(sb.label()).isEqualTo(label);
        assertThat(sb.uuidHex()).isEqualTo(uuid);
        assertThat(sb.mode()).isEqualTo(mode);
        assertThat(sb.stack()).isEqualTo(stack);
        assertThat(sb.clusterName()).isEqualTo(cluster);
        assertThat(sb.globalHeartbeat()).isEqualTo(globalHb);
        assertThat(sb.incompatFlags()).isEqualTo(Integer.decode(incompat));
        assertThat(sb.compatNames()).isEqualTo("backup-super strict-journal-super");
        assertThat(sb.roCompatNames()).isEqualTo("unwritten");
    }

    @Test
    void incompatNamesFollowTheToolsTableOrder() {
        assertThat(FeatureFlag.describe(FeatureFlag.Word.INCOMPAT, 0xb7d0))
                .isEqualTo("sparse extended-slotmap userspace-stack inline-data xattr indexed-dirs refcount "
                        + "discontig-bg append-dio");
        assertThat(FeatureFlag.describe(FeatureFlag.Word.INCOMPAT, 0xb758))
                .isEqualTo("local sparse extended-slotmap inline-data xattr indexed-dirs refcount discontig-bg "
                        + "append-dio");
        assertThat(FeatureFlag.describe(FeatureFlag.Word.INCOMPAT, 0x10000 | 0x8)).isEqualTo("local unknown");
        assertThat(FeatureFlag.describe(FeatureFlag.Word.RO_COMPAT, 0)).isEmpty();
    }

    @Test
    void uuidFormsAndHeartbeatRegionName(@TempDir Path dir) throws IOException {
        OcfsSuperblock sb = SuperblockReader.read(imageFromDump(dir,
                SharedDocs.ocfs2Tools("sbhex-cluster-n4-o2cb.txt")));
        assertThat(sb.uuidHex()).isEqualTo("22222222222233334444555555555555");
        assertThat(sb.uuidDashed()).isEqualTo("22222222-2222-3333-4444-555555555555");
        assertThat(sb.mountHeartbeat()).isEqualTo("local");
        assertThat(sb.hasClusterInfo()).isTrue();
    }

    @Test
    void parsesBytesAlreadyInMemory(@TempDir Path dir) throws IOException {
        byte[] image = Files.readAllBytes(imageFromDump(dir, SharedDocs.ocfs2Tools("sbhex-local-1k.txt")));

        OcfsSuperblock sb = SuperblockReader.parse("memory", ByteBuffer.wrap(image, 0, SuperblockReader.HEAD_BYTES));

        assertThat(sb.blockSize()).isEqualTo(1024);
        assertThat(sb.uuidHex()).isEqualTo("55555555222233334444555555555555");
        assertThatThrownBy(() -> SuperblockReader.parse("memory", ByteBuffer.wrap(image, 0, 2048)))
                .hasMessage("memory: not an OCFS2 volume: no OCFSV2 signature at block 2 for block sizes 512..4096");
    }

    @Test
    void refusesAFileWithoutSignatureNamingIt(@TempDir Path dir) throws IOException {
        Path zeros = dir.resolve("zeros.img");
        try (RandomAccessFile f = new RandomAccessFile(zeros.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        assertThatThrownBy(() -> SuperblockReader.read(zeros)).isInstanceOf(SuperblockException.class)
                .hasMessage(zeros + ": not an OCFS2 volume: no OCFSV2 signature at block 2 for block sizes 512..4096");
    }

    @Test
    void refusesATinyFile(@TempDir Path dir) throws IOException {
        Path tiny = Files.writeString(dir.resolve("tiny.img"), "OCFSV2");
        assertThatThrownBy(() -> SuperblockReader.read(tiny))
                .hasMessage(tiny + ": not an OCFS2 volume: no OCFSV2 signature at block 2 for block sizes 512..4096");
    }

    @Test
    void refusesAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.img");
        assertThatThrownBy(() -> SuperblockReader.read(missing)).isInstanceOf(SuperblockException.class)
                .hasMessage(missing + ": cannot read: no such file or device");
    }

    @Test
    void refusesBlockSizeBitsThatDisagreeWithWhereTheSignatureIs(@TempDir Path dir) throws IOException {
        Path image = imageFromDump(dir, SharedDocs.ocfs2Tools("sbhex-local-4k.txt"));
        patch(image, 0x2000 + 0xF8, new byte[] {10, 0, 0, 0});
        assertThatThrownBy(() -> SuperblockReader.read(image)).isInstanceOf(SuperblockException.class)
                .hasMessage(image + ": corrupt OCFS2 superblock: OCFSV2 signature at byte 8192 (block 2 for"
                        + " 4096-byte blocks) but s_blocksize_bits is 10");
    }

    @Test
    void refusesImpossibleClusterSize(@TempDir Path dir) throws IOException {
        Path image = imageFromDump(dir, SharedDocs.ocfs2Tools("sbhex-local-4k.txt"));
        patch(image, 0x2000 + 0xFC, new byte[] {31, 0, 0, 0});
        assertThatThrownBy(() -> SuperblockReader.read(image))
                .hasMessageContaining("corrupt OCFS2 superblock at byte 8192: s_clustersize_bits is 31");
    }

    @Test
    void sixteenCharacterClusterNameHasNoTerminator(@TempDir Path dir) throws IOException {
        Path image = imageFromDump(dir, SharedDocs.ocfs2Tools("sbhex-cluster-n4-o2cb.txt"));
        patch(image, 0x2000 + 0x168, "abcdefghij123456".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(SuperblockReader.read(image).clusterName()).isEqualTo("abcdefghij123456");
    }

    /** Rebuilds a sparse image from an {@code xxd} dump: each line is {@code OFFSET: hex groups  ascii}. */
    static Path imageFromDump(Path dir, Path dump) throws IOException {
        Path image = dir.resolve(dump.getFileName().toString().replace(".txt", ".img"));
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(1 << 20);
            for (String line : Files.readAllLines(dump)) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                long offset = Long.parseLong(line.substring(0, colon), 16);
                String hex = line.substring(colon + 1, Math.min(line.length(), colon + 41)).replace(" ", "");
                f.seek(offset);
                f.write(HexFormat.of().parseHex(hex));
            }
        }
        return image;
    }

    private static void patch(Path image, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }
}
