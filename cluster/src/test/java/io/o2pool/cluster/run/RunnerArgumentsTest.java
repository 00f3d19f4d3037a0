package io.o2pool.cluster.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.fence.FenceMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments, node lists and o2cb defaults of {@code o2pool cluster run} (no node is started). */
class RunnerArgumentsTest {

    @Test
    void readsAClusterConfAsOcfs2ToolsWritesIt(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "cluster:\n\tname = pool1\n\theartbeat_mode = local\n\tnode_count = 2\n\n"
                + "node:\n\tcluster = pool1\n\tnumber = 0\n\tip_port = 7777\n\tip_address = 192.168.3.153\n\tname = vm-host03\n\n"
                + "node:\n\tcluster = pool1\n\tnumber = 1\n\tip_port = 7777\n\tip_address = 192.168.3.152\n\tname = vm-host02\n\n");
        NodeListFile.Contents c = NodeListFile.read(conf);
        assertThat(c.clusterName()).isEqualTo("pool1");
        assertThat(c.nodes()).containsExactly(new NodeAddress("vm-host03", 0, "192.168.3.153", 7777),
                new NodeAddress("vm-host02", 1, "192.168.3.152", 7777));
    }

    @Test
    void readsAPlainNodeList(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("nodes");
        Files.writeString(list, "# name number ip[:port]\na 0 127.0.1.1\nb 1 127.0.1.2:7000\n");
        assertThat(NodeListFile.read(list).nodes()).containsExactly(new NodeAddress("a", 0, "127.0.1.1", 7777),
                new NodeAddress("b", 1, "127.0.1.2", 7000));
    }

    @Test
    void aClusterConfTheToolsRejectFailsWithTheParsersLineAndColumn(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "cluster:\n\tname = pool1\n\tnode_count = 1\n\n"
                + "node:\n\tcluster = pool1\n\tnumber = 0\n\tip_port = 7777\n\tip_address = 192.168.3.153\n"
                + "\tname vm-host03\n");
        assertThatThrownBy(() -> NodeListFile.read(conf)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(conf + ": line 10, column ");
        assertThat(run(List.of("--node", "vm-host03", "--config", conf.toString(), "--region", dir.toString())))
                .startsWith("2:").contains(conf + ": line 10, column ");
    }

    @Test
    void takesTheNamedClusterOfAClusterConfElseTheFirst(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "cluster:\n\tname = pool1\n\theartbeat_mode = local\n\tnode_count = 1\n\n"
                + "cluster:\n\tname = pool2\n\theartbeat_mode = local\n\tnode_count = 1\n\n"
                + "node:\n\tcluster = pool2\n\tnumber = 4\n\tip_port = 7000\n\tip_address = 10.0.0.4\n\tname = b\n\n"
                + "node:\n\tcluster = pool1\n\tnumber = 0\n\tip_port = 7777\n\tip_address = 10.0.0.1\n\tname = a\n\n");
        assertThat(NodeListFile.read(conf)).isEqualTo(new NodeListFile.Contents("pool1",
                List.of(new NodeAddress("a", 0, "10.0.0.1", 7777))));
        ClusterNodeConfig c = ClusterRunner.Options.parse(List.of("--node", "b", "--config", conf.toString(),
                "--region", dir.toString(), "--cluster", "pool2")).config();
        assertThat(c.clusterName()).isEqualTo("pool2");
        assertThat(c.nodes()).containsExactly(new NodeAddress("b", 4, "10.0.0.4", 7000));
        assertThatThrownBy(() -> NodeListFile.read(conf, "pool3")).hasMessageContaining(
                "cluster.conf defines no cluster 'pool3' (it defines [pool1, pool2])");
    }

    @Test
    void aBadPlainListLineIsNamedByNumber(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("nodes");
        Files.writeString(list, "a 0 127.0.1.1\nb one 127.0.1.2\n");
        assertThatThrownBy(() -> NodeListFile.read(list)).isInstanceOf(IOException.class)
                .hasMessage(list + ": line 2: 'b one 127.0.1.2' is not 'NAME NUMBER IP[:PORT]' (e.g. vm-host02 1 "
                        + "192.168.3.152:7777)");
    }

    @Test
    void aBadO2cbFileIsRefusedWithItsLineAndTheFix(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("nodes");
        Files.writeString(list, "a 0 127.0.1.1\n");
        Path o2cb = dir.resolve("o2cb");
        Files.writeString(o2cb, "O2CB_ENABLED=true\nO2CB_HEARTBEAT_THRESHOLD=abc\n");
        assertThat(run(List.of("--node", "a", "--config", list.toString(), "--region", dir.toString(),
                "--o2cb", o2cb.toString()))).startsWith("2:").contains(o2cb + " line 2: ")
                .contains("O2CB_HEARTBEAT_THRESHOLD");
    }

    @Test
    void takesTimeoutsFromTheO2cbFileAndFlagsOverrideThem(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("nodes");
        Files.writeString(list, "a 0 127.0.1.1\nb 1 127.0.1.2\n");
        Path o2cb = dir.resolve("o2cb");
        Files.writeString(o2cb, "O2CB_ENABLED=true\nO2CB_HEARTBEAT_THRESHOLD=7\nO2CB_IDLE_TIMEOUT_MS=\"10000\"\n");
        ClusterNodeConfig c = ClusterRunner.Options.parse(List.of("--node", "b", "--config", list.toString(),
                "--region", dir.toString(), "--o2cb", o2cb.toString(), "--keepalive-delay-ms=3000", "--fence", "command",
                "--fence-command", "/bin/echo fenced")).config();
        assertThat(c.deadThreshold()).isEqualTo(7);
        assertThat(c.idleTimeoutMs()).isEqualTo(10000);
        assertThat(c.keepaliveDelayMs()).isEqualTo(3000);
        assertThat(c.reconnectDelayMs()).isEqualTo(2000);
        assertThat(c.fenceMethod()).isEqualTo(FenceMethod.COMMAND);
        assertThat(c.fenceCommand()).containsExactly("/bin/echo", "fenced");
        assertThat(c.localNode().number()).isEqualTo(1);
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("nodes");
        Files.writeString(list, "a 0 127.0.1.1\n");
        assertThat(run(List.of("--node", "a"))).startsWith("2:").contains("--config is required");
        assertThat(run(List.of("--node", "a", "--config", list.toString()))).contains("give --region-dir DIR");
        assertThat(run(List.of("--node", "a", "--config", list.toString(), "--region", dir.toString(),
                "--dead-threshold", "5"))).contains("heartbeat dead threshold 5 is below the minimum 7");
        assertThat(run(List.of("--node", "z", "--config", list.toString(), "--region", dir.toString())))
                .contains("local node 'z' is not among");
        assertThat(run(List.of("--bogus", "1"))).contains("unknown argument '--bogus'");
    }

    @Test
    void regionCommandDumpsARegionFolderLikeDebugfs(@TempDir Path dir) throws Exception {
        byte[] capture = Files.readAllBytes(io.o2pool.testkit.SharedDocs.dir().resolve(
                "o2hb-capture/live-region-2nodes.bin"));
        Files.write(dir.resolve("heartbeat"), java.util.Arrays.copyOf(capture, 255 * 512));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RegionCommand.run(List.of(dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(io.o2pool.testkit.SharedDocs.dir()
                .resolve("o2hb-capture/live-debugfs-hb.txt")));
        out.reset();
        RegionCommand.run(List.of(dir.toString(), "--json"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("{\"slot\":0,\"node\":0,\"seq\":1795619580,"
                + "\"generation\":\"055269204d493ae8\",\"checksum\":\"e6f7a6cf\",\"deadMs\":62000,\"checksumValid\":true}");
        assertThat(RegionCommand.run(List.of(dir.resolve("missing").toString()), System.out,
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(1);
    }

    private static String run(List<String> args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ClusterRunner.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return rc + ": " + err.toString(StandardCharsets.UTF_8);
    }
}
