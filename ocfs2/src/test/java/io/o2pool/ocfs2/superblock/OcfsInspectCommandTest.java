package io.o2pool.ocfs2.superblock;

import io.o2pool.ocfs2.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code o2pool ocfs2 inspect DEVICE [--json]} on images made by the real mkfs.ocfs2. */
class OcfsInspectCommandTest {

    @Test
    void showsALocalVolume(@TempDir Path dir) throws Exception {
        Path image = RealTools.mkfs(dir, "local-4k.img", "11111111-2222-3333-4444-555555555555",
                List.of("-b", "4096", "-C", "4096", "-M", "local", "-L", "locvol"));

        ToolResult r = OcfsInspectCommand.run(List.of(image.toString()));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("""
                Device:            %s
                Label:             locvol
                UUID:              11111111222233334444555555555555  (11111111-2222-3333-4444-555555555555)
                Mode:              local
                Block size:        4096 bytes
                Cluster size:      4096 bytes
                Node slots:        1
                Cluster stack:     none
                Cluster name:      (not recorded)
                Global heartbeat:  no
                Mount heartbeat:   none
                Feature compat:    0x0003 backup-super strict-journal-super
                Feature incompat:  0xb758 local sparse extended-slotmap inline-data xattr indexed-dirs refcount \
                discontig-bg append-dio
                Feature ro-compat: 0x0001 unwritten
                """.formatted(image));
    }

    @Test
    void printsAClusterVolumeAsJson(@TempDir Path dir) throws Exception {
        Path image = RealTools.mkfs(dir, "cluster \"n4\".img", "22222222-2222-3333-4444-555555555555",
                List.of("-b", "4096", "-C", "4096", "-N", "4", "-L", "cluvol", "--cluster-stack=o2cb",
                        "--cluster-name=ocfs2"));

        ToolResult r = OcfsInspectCommand.run(List.of("--json", image.toString()));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("""
                {
                  "device": "%s",
                  "signature": "OCFSV2",
                  "blockSize": 4096,
                  "clusterSize": 4096,
                  "maxSlots": 4,
                  "label": "cluvol",
                  "uuid": "22222222222233334444555555555555",
                  "uuidDashed": "22222222-2222-3333-4444-555555555555",
                  "mode": "cluster",
                  "stack": "o2cb",
                  "stackName": "o2cb",
                  "clusterName": "ocfs2",
                  "globalHeartbeat": false,
                  "mountHeartbeat": "local",
                  "stackFlags": 0,
                  "featureCompat": 3,
                  "featureIncompat": 63312,
                  "featureRoCompat": 1,
                  "compatFeatures": ["backup-super", "strict-journal-super"],
                  "incompatFeatures": ["sparse", "extended-slotmap", "inline-data", "xattr", "indexed-dirs", \
                "refcount", "discontig-bg", "clusterinfo", "append-dio"],
                  "roCompatFeatures": ["unwritten"]
                }
                """.formatted(image.toString().replace("\"", "\\\"")));
    }

    @Test
    void namesTheFileThatIsNotOcfs2(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk.img"), new byte[64 * 1024]);

        ToolResult r = OcfsInspectCommand.run(List.of(junk.toString(), "--json"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("o2pool ocfs2 inspect: " + junk
                + ": not an OCFS2 volume: no OCFSV2 signature at block 2 for block sizes 512..4096\n");
    }

    @Test
    void commandLineErrors() {
        assertThat(OcfsInspectCommand.run(List.of()).exitCode()).isEqualTo(2);
        assertThat(OcfsInspectCommand.run(List.of()).stderr()).startsWith("o2pool ocfs2 inspect: DEVICE is missing\n");
        assertThat(OcfsInspectCommand.run(List.of("a.img", "b.img")).stderr()).contains("only one DEVICE");
        assertThat(OcfsInspectCommand.run(List.of("--xml", "a.img")).stderr()).contains("unknown option --xml");
        ToolResult help = OcfsInspectCommand.run(List.of("--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).startsWith("usage: o2pool ocfs2 inspect DEVICE [--json]");
    }
}
