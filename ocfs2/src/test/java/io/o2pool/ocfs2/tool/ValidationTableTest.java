package io.o2pool.ocfs2.tool;

import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every error case of ocfs2-tools-1.8.7.md, applied to the seed's cluster.conf (three nodes), through
 * {@code o2pool o2cb} and {@code o2pool o2cb_ctl}: each is refused with a message that names the offending value,
 * with a non-zero exit code, and the file keeps its bytes. Cases the real tools accept (port 0 and 70000 in o2cb,
 * number 255 and any cluster name in o2cb_ctl, a duplicate ip:port in both) are refused here on purpose.
 */
class ValidationTableTest {
    private static final String NO_NODE_COUNT = "cluster:\n\tname = ocfs2\n\theartbeat_mode = local\n\n"
            + "node:\n\tcluster = ocfs2\n\tnumber = 0\n\tip_port = 7777\n\tip_address = 10.0.0.1\n\tname = alpha\n";

    @TempDir
    Path dir;

    static Stream<Arguments> o2cbCases() {
        return Stream.of(
                arguments("duplicate name", "add-node ocfs2 vm-host03 --number 5 --ip 192.168.3.160",
                        "Node 'vm-host03' already exists"),
                arguments("duplicate number", "add-node ocfs2 vm-hostX --number 0 --ip 192.168.3.161",
                        "Choose another node number as '0' is in use"),
                arguments("number 255", "add-node ocfs2 n255 --number 255 --ip 10.0.0.1",
                        "Nodenum should be >=0 and < 255 but is 255"),
                arguments("number -2", "add-node ocfs2 nneg2 --number -2 --ip 10.0.0.2",
                        "Nodenum should be >=0 and < 255 but is -2"),
                arguments("bad IP", "add-node ocfs2 badip1 --ip 300.1.2.3", "Bad IP Address '300.1.2.3'"),
                arguments("short IP", "add-node ocfs2 badip2 --ip 1.2.3", "Bad IP Address '1.2.3'"),
                arguments("IPv6 loopback", "add-node ocfs2 badip3 --ip ::1", "Bad IP Address '::1'"),
                arguments("IPv6 link-local", "add-node ocfs2 badip4 --ip fe80::1", "Bad IP Address 'fe80::1'"),
                arguments("unknown cluster", "add-node nosuch nodeA --ip 10.0.0.9", "Unknown cluster 'nosuch'"),
                arguments("cluster name of 17", "add-cluster abcdefghijklmnopq",
                        "Cluster name is invalid ; max 16 characters ('abcdefghijklmnopq')"),
                arguments("cluster name with '-'", "add-cluster my-cluster",
                        "Cluster name is invalid ; only alpha-numeric characters allowed ('my-cluster')"),
                arguments("cluster name with '_'", "add-cluster my_cluster",
                        "Cluster name is invalid ; only alpha-numeric characters allowed ('my_cluster')"),
                arguments("port 0 (1.8.7 writes it)", "add-node ocfs2 badport4 --ip 10.0.0.7 --port 0",
                        "Port number '0' is invalid; it must be between 1 and 65535"),
                arguments("port 70000 (1.8.7 writes it)", "add-node ocfs2 badport2 --ip 10.0.0.5 --port 70000",
                        "Port number '70000' is invalid; it must be between 1 and 65535"),
                arguments("port -5 (1.8.7 writes 4294967291)", "add-node ocfs2 badport3 --ip 10.0.0.6 --port -5",
                        "Port number '-5' is invalid"),
                arguments("ip:port duplicate (1.8.7 writes it)",
                        "add-node ocfs2 vm-hostDupIp --number 3 --ip 192.168.3.153 --port 7777",
                        "Address 192.168.3.153:7777 is already used by node 'vm-host03'"),
                arguments("another port than the cluster's", "add-node ocfs2 port7778 --ip 10.0.0.8 --port 7778",
                        "Port number '7778' differs from port 7777"),
                arguments("unknown node", "remove-node ocfs2 nosuchnode", "Unknown node 'nosuchnode'"),
                arguments("region that is a path (1.8.7 writes it)", "add-heartbeat ocfs2 /nonexistent/dev",
                        "Heartbeat region '/nonexistent/dev' is invalid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("o2cbCases")
    void o2cbRefusesNamingTheValueAndLeavesTheFile(String what, String command, String message) throws Exception {
        Path file = seedFile();
        byte[] before = Files.readAllBytes(file);
        List<String> args = new ArrayList<>(List.of("--config-file=" + file));
        args.addAll(List.of(command.split(" ")));
        ToolResult result = new O2cbTool(host -> Optional.empty()).run(args);
        assertThat(result.exitCode()).as(what).isEqualTo(1);
        assertThat(result.stderr()).as(what).startsWith("o2cb: " + message).endsWith("\n");
        assertThat(result.stderr().lines()).as(what).hasSize(1);
        assertThat(Files.readAllBytes(file)).as(what + ": file unchanged").isEqualTo(before);
    }

    @ParameterizedTest(name = "empty cluster name {0}")
    @MethodSource("emptyNames")
    void emptyClusterNameIsRefused(String name) throws Exception {
        Path file = seedFile();
        byte[] before = Files.readAllBytes(file);
        ToolResult result = new O2cbTool(host -> Optional.empty()).run(List.of("--config-file=" + file,
                "add-cluster", name));
        assertThat(result).isEqualTo(ToolResult.failure(1, "o2cb: Cluster name is invalid ; zero length ('')\n"));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    static Stream<String> emptyNames() {
        return Stream.of("", "   ");
    }

    static Stream<Arguments> o2cbCtlCases() {
        String node = "-C -n %s -t node -a cluster=ocfs2 -a number=%s -a ip_address=%s -a ip_port=%s";
        return Stream.of(
                arguments("duplicate name", node.formatted("vm-host03", "5", "10.0.0.1", "7777"), 239,
                        "Node \"vm-host03\" already exists"),
                arguments("duplicate number", node.formatted("dupnum", "0", "10.0.0.1", "7777"), 239,
                        "Node number \"0\" already exists"),
                arguments("number 255 (1.8.7 writes it)", node.formatted("n255", "255", "10.0.0.2", "7777"), 222,
                        "Node number \"255\" is invalid; it must be between 0 and 254"),
                arguments("number -1", node.formatted("nneg", "-1", "10.0.0.4", "7777"), 222,
                        "Node number \"-1\" is invalid"),
                arguments("bad IP", node.formatted("badip", "10", "300.1.1.1", "7777"), 234,
                        "IP address \"300.1.1.1\" is invalid"),
                arguments("IPv6", node.formatted("v6", "10", "::1", "7777"), 234, "IP address \"::1\" is invalid"),
                arguments("port 65536", node.formatted("badport", "10", "10.0.0.6", "65536"), 222,
                        "Port number \"65536\" is invalid"),
                arguments("port 0 (1.8.7 writes it)", node.formatted("port0", "10", "10.0.0.6", "0"), 222,
                        "Port number \"0\" is invalid; it must be between 1 and 65535"),
                arguments("ip:port duplicate (1.8.7 writes it)", node.formatted("dupip", "3", "192.168.3.153",
                        "7777"), 239, "Address 192.168.3.153:7777 is already used by node 'vm-host03'"),
                arguments("unknown cluster", "-C -n orphan -t node -a cluster=nosuch -a number=13 "
                        + "-a ip_address=10.0.0.9 -a ip_port=7777", 254, "Cluster \"nosuch\" does not exist"),
                arguments("cluster name of 36 (1.8.7 writes it)", "-C -n abcdefghijklmnopqrstuvwxyz0123456789 "
                        + "-t cluster", 234, "('abcdefghijklmnopqrstuvwxyz0123456789')"),
                arguments("cluster name with '-' and '_' (1.8.7 writes it)", "-C -n my-cluster_1 -t cluster", 234,
                        "only alpha-numeric characters allowed ('my-cluster_1')"),
                arguments("unknown node to delete", "-D -n nosuch -t node", 254, "Node \"nosuch\" does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("o2cbCtlCases")
    void o2cbCtlRefusesNamingTheValueAndLeavesTheFile(String what, String command, int exitCode, String message)
            throws Exception {
        Path file = seedFile();
        byte[] before = Files.readAllBytes(file);
        List<String> args = new ArrayList<>(List.of("-c", file.toString()));
        args.addAll(List.of(command.split(" ")));
        ToolResult result = O2cbCtlTool.run(args, () -> false);
        assertThat(result.exitCode()).as(what).isEqualTo(exitCode);
        assertThat(result.stderr()).as(what).startsWith("o2cb_ctl: ").contains(message).endsWith("\n");
        assertThat(result.stderr().lines()).as(what).hasSize(1);
        assertThat(Files.readAllBytes(file)).as(what + ": file unchanged").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsOnAFileWithoutNodeCount")
    void aFileWithoutNodeCountIsRefusedNamingNodeCountAndKept(String command) throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.writeString(file, NO_NODE_COUNT, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("--config-file=" + file));
        args.addAll(List.of(command.split(" ")));
        ToolResult result = new O2cbTool(host -> Optional.empty()).run(args);
        assertThat(result).isEqualTo(ToolResult.failure(1, "o2cb: line 1, column 1: cluster 'ocfs2' has no "
                + "node_count; expected 'node_count = <number of nodes>' in its stanza while loading cluster "
                + "configuration file '" + file + "'\n"));
        assertThat(Files.readString(file)).isEqualTo(NO_NODE_COUNT);
    }

    static Stream<String> commandsOnAFileWithoutNodeCount() {
        return Stream.of("add-node ocfs2 newnode --ip 10.9.9.9", "list-cluster ocfs2", "add-cluster other",
                "remove-node ocfs2 alpha", "heartbeat-mode ocfs2 global");
    }

    private Path seedFile() throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.copy(SharedDocs.ocfs2Tools("o2cb-step4-add-vm-host04.conf"), file);
        return file;
    }
}
