package io.o2pool.ocfs2.tool;

import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** o2cb_ctl behaviour the recorded transcripts do not show: -D, -u, option errors, load and store failures. */
class O2cbCtlToolTest {
    private static final String USAGE = O2cbCtlOptions.USAGE;

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void seed() throws Exception {
        file = dir.resolve("cluster.conf");
        Files.copy(SharedDocs.ocfs2Tools("o2cb_ctl-step4-vm-host04.conf"), file);
    }

    @Test
    void deletesANodeWithNodeCountMinusOneAndNotesMinusU() throws Exception {
        assertThat(run("-D -n vm-host02 -t node -u")).isEqualTo(new ToolResult(0, "",
                "o2cb_ctl: note: no running cluster stack on this host; cluster.conf updated only\n"));
        assertThat(run("-I -o -t node").stdout()).isEqualTo("""
                #name:cluster:number:ip_address:ip_port:status
                vm-host03:ocfs2:0:192.168.3.153:7777:configured
                vm-host04:ocfs2:2:192.168.3.154:7777:configured
                """);
        assertThat(run("-I -o -t cluster").stdout()).isEqualTo("#name:count:status\nocfs2:2:configured\n");
        assertThat(run("-C -n vm-host05 -t node -a cluster=ocfs2 -a ip_address=192.168.3.155 -a ip_port=7777")
                .exitCode()).isZero();
        assertThat(run("-I -n vm-host05").stdout()).contains("\tnumber = 1\n");
    }

    @Test
    void deletesAClusterAndTheLastClusterLeavesAnEmptyFile() throws Exception {
        assertThat(run("-D -n ocfs2")).isEqualTo(new ToolResult(0, "", ""));
        assertThat(Files.size(file)).isZero();
        assertThat(run("-D -n ocfs2 -t cluster")).isEqualTo(ToolResult.failure(254,
                "o2cb_ctl: Cluster \"ocfs2\" does not exist\n"));
    }

    @Test
    void deleteTakesTheClusterFromAnAttributeAndRefusesSeveralObjects() throws Exception {
        assertThat(run("-D -n vm-host03 -t node -a cluster=nosuch")).isEqualTo(ToolResult.failure(254,
                "o2cb_ctl: Cluster \"nosuch\" does not exist\n"));
        assertThat(run("-D -n vm-host03 -n vm-host02")).isEqualTo(ToolResult.failure(234,
                "o2cb_ctl: Cannot delete more than one object at a time\n"));
        assertThat(run("-D -t node")).isEqualTo(ToolResult.failure(234,
                "o2cb_ctl: Operation '-D' requires an object\n"));
        assertThat(run("-D -n vm-host03 -t node -a cluster=ocfs2").exitCode()).isZero();
    }

    @Test
    void infoFindsANodeByNumberButListsNodesByName() throws Exception {
        assertThat(run("-I -n 2")).isEqualTo(ToolResult.failure(254, "Node \"2\" does not exist\n"));
        assertThat(run("-I -n 99")).isEqualTo(new ToolResult(254, "", ""));
    }

    @Test
    void optionErrorsPrintTheUsageAndExitWithEinval() {
        assertThat(run("-I -i -t node")).isEqualTo(ToolResult.failure(234,
                "o2cb_ctl: Argument '-i' is not valid for this operation\n" + USAGE));
        assertThat(run("-C -u -n x -t cluster")).isEqualTo(ToolResult.failure(234,
                "o2cb_ctl: Argument '-u' is not valid for this operation\n" + USAGE));
        assertThat(run("-x")).isEqualTo(ToolResult.failure(234, "o2cb_ctl: Invalid option: '-x'\n" + USAGE));
        assertThat(run("-I -n")).isEqualTo(ToolResult.failure(234,
                "o2cb_ctl: Option '-n' requires an argument\n" + USAGE));
        assertThat(run("--bogus")).isEqualTo(ToolResult.failure(234, "o2cb_ctl: Invalid option: '--bogus'\n"
                + USAGE));
        assertThat(run("-C -I")).isEqualTo(ToolResult.failure(234, USAGE));
        assertThat(run("-a =x -I")).isEqualTo(ToolResult.failure(234, USAGE));
        assertThat(run("-I -t node extra words")).isEqualTo(ToolResult.failure(249,
                "o2cb_ctl: Extraneous arguments: \"extra words\"\n" + USAGE));
        assertThat(run("")).isEqualTo(ToolResult.failure(234, "o2cb_ctl: You must specify an operation\n"
                + USAGE));
    }

    @Test
    void helpAndVersionGoToStdout() {
        assertThat(O2cbCtlTool.run(List.of("-h"), () -> false)).isEqualTo(ToolResult.ok(USAGE));
        assertThat(O2cbCtlTool.run(List.of("--help"), () -> false)).isEqualTo(ToolResult.ok(USAGE));
        assertThat(O2cbCtlTool.run(List.of("-V"), () -> false)).isEqualTo(ToolResult.ok("o2cb_ctl version 1.8.7\n"));
        assertThat(O2cbCtlTool.run(List.of("--version"), () -> false))
                .isEqualTo(ToolResult.ok("o2cb_ctl version 1.8.7\n"));
    }

    @Test
    void aFileThatDoesNotLoadNamesTheLineAndColumn() throws Exception {
        Files.writeString(file, "cluster:\r\n");
        assertThat(run("-I -t cluster")).isEqualTo(ToolResult.failure(251, "o2cb_ctl: Unable to load cluster "
                + "configuration file \"" + file + "\": line 1, column 9: expected only spaces or tabs after "
                + "'cluster:' up to the end of the line, but found a carriage return (CRLF line endings are not "
                + "accepted; save the file with LF endings)\n"));
    }

    @Test
    void aFileThatCannotBeStoredIsReportedWithStrerror() {
        Path missing = dir.resolve("nodir/cluster.conf");
        ToolResult result = O2cbCtlTool.run(List.of("-c", missing.toString(), "-C", "-n", "ocfs2", "-t",
                "cluster", "-i"), () -> false);
        assertThat(result).isEqualTo(ToolResult.failure(254, "o2cb_ctl: Unable to store cluster configuration "
                + "file \"" + missing + "\": No such file or directory\n"));
    }

    @Test
    void warningsOfALoadedFileAreShown() throws Exception {
        Files.writeString(file, Files.readString(file).replace("number = 1", "number = 300"));
        assertThat(run("-I -t cluster").stderr()).isEqualTo("o2cb_ctl: warning: line 15, column 11: node "
                + "'vm-host02': Nodenum should be >=0 and < 255 but is 300; o2pool refuses such a value in the "
                + "changes it makes\n");
    }

    @Test
    void theConfigfsProbeLooksForARegisteredCluster() throws Exception {
        Path configfs = dir.resolve("cluster");
        assertThat(ClusterStackProbe.configfs(configfs).running()).isFalse();
        Files.createDirectory(configfs);
        assertThat(ClusterStackProbe.configfs(configfs).running()).isFalse();
        Files.createDirectory(configfs.resolve("ocfs2"));
        assertThat(ClusterStackProbe.configfs(configfs).running()).isTrue();
    }

    private ToolResult run(String command) {
        List<String> args = new ArrayList<>(List.of("-c", file.toString()));
        if (!command.isEmpty()) {
            args.addAll(List.of(command.split(" ")));
        }
        return O2cbCtlTool.run(args, () -> false);
    }
}
