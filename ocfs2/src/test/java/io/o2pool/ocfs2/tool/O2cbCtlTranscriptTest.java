package io.o2pool.ocfs2.tool;

import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the o2cb_ctl transcripts recorded with ocfs2-tools 1.8.7 (under a fake-kernel shim; o2cb_ctl needs a
 * kernel stack) through {@link O2cbCtlTool} with {@code -c FILE}: every command prints what was recorded and exits
 * with the recorded code, and {@code cat} of the file shows the recorded content, except the commands listed in
 * the DEVIATIONS maps, where o2pool deliberately differs (strict validation, lowest free number, {@code -D}
 * supported, {@code -H} not) and the expected result is o2pool's.
 */
class O2cbCtlTranscriptTest {
    /** After the validation transcript: the seed's cluster without vm-host04 (-D works) plus "nonum" as #3. */
    private static final String AFTER_VALIDATION = """
            cluster:
            \tname = ocfs2
            \theartbeat_mode = local
            \tnode_count = 3

            node:
            \tcluster = ocfs2
            \tnumber = 0
            \tip_port = 7777
            \tip_address = 192.168.3.153
            \tname = vm-host03

            node:
            \tcluster = ocfs2
            \tnumber = 1
            \tip_port = 7777
            \tip_address = 192.168.3.152
            \tname = vm-host02

            node:
            \tcluster = ocfs2
            \tnumber = 3
            \tip_port = 7777
            \tip_address = 10.0.0.5
            \tname = nonum

            """;


    @TempDir
    Path dir;

    @Test
    void replaysTheCreationOfTheSeedsCluster() throws Exception {
        Path file = dir.resolve("cluster.conf");
        replay("transcript-o2cb_ctl-shim.txt", file, Map.of());
        assertThat(Files.readAllBytes(file))
                .isEqualTo(Files.readAllBytes(SharedDocs.ocfs2Tools("o2cb-step4-add-vm-host04.conf")));
    }

    @Test
    void replaysTheValidationTranscriptWithTheStrictDeviations() throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.copy(SharedDocs.ocfs2Tools("o2cb_ctl-step4-vm-host04.conf"), file);
        Map<String, ToolResult> deviations = pairs(
                "-C -n dupip -t node -a cluster=ocfs2 -a number=3 -a ip_address=192.168.3.153 -a ip_port=7777",
                failure(239, "Address 192.168.3.153:7777 is already used by node 'vm-host03'"),
                "-C -n n255 -t node -a cluster=ocfs2 -a number=255 -a ip_address=10.0.0.2 -a ip_port=7777",
                failure(222, "Node number \"255\" is invalid; it must be between 0 and 254"),
                "-C -n n256 -t node -a cluster=ocfs2 -a number=256 -a ip_address=10.0.0.3 -a ip_port=7777",
                failure(222, "Node number \"256\" is invalid; it must be between 0 and 254"),
                "-C -n port65535 -t node -a cluster=ocfs2 -a number=11 -a ip_address=10.0.0.7 -a ip_port=65535",
                failure(234, "Port number '65535' differs from port 7777 of node 'vm-host03'; every node of "
                        + "cluster 'ocfs2' must use the same port"),
                "-C -n port7778 -t node -a cluster=ocfs2 -a number=12 -a ip_address=10.0.0.8 -a ip_port=7778",
                failure(234, "Port number '7778' differs from port 7777 of node 'vm-host03'; every node of "
                        + "cluster 'ocfs2' must use the same port"),
                "-C -n abcdefghijklmnopqrstuvwxyz0123456789 -t cluster",
                failure(234, "Cluster name is invalid ; max 16 characters ('abcdefghijklmnopqrstuvwxyz0123456789')"),
                "-C -n my-cluster_1 -t cluster",
                failure(234, "Cluster name is invalid ; only alpha-numeric characters allowed ('my-cluster_1')"),
                "-D -n vm-host04", new ToolResult(0, "", ""),
                "-D -n vm-host04 -u", failure(254, "Object \"vm-host04\" does not exist"),
                "-D -n vm-host04 -t node", failure(254, "Node \"vm-host04\" does not exist"),
                "cat /etc/ocfs2/cluster.conf", new ToolResult(0, AFTER_VALIDATION, ""));
        replay("transcript-o2cb_ctl-shim-validation.txt", file, deviations);
        assertThat(Files.readString(file)).isEqualTo(AFTER_VALIDATION);
    }

    @Test
    void replaysTheInfoTranscript() throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.copy(SharedDocs.ocfs2Tools("o2cb-step4-add-vm-host04.conf"), file);
        ToolResult notSupported = new ToolResult(161, "", "o2cb_ctl: Operation '-H' is not supported by o2pool's "
                + "o2cb_ctl; use 'o2pool o2cb'\n");
        replay("transcript-o2cb_ctl-shim-info.txt", file, Map.of(
                "-H -n vm-host03 -a ip_address=192.168.3.200", notSupported,
                "-H -n ocfs2 -t cluster -a name=newname", notSupported,
                "-H -n ocfs2 -t cluster -a online=yes", notSupported,
                "cat /etc/ocfs2/cluster.conf", new ToolResult(0, Files.readString(file), "")));
    }

    /** A map from alternating command and expected result. */
    private static Map<String, ToolResult> pairs(Object... commandsAndResults) {
        Map<String, ToolResult> map = new java.util.HashMap<>();
        for (int i = 0; i < commandsAndResults.length; i += 2) {
            map.put((String) commandsAndResults[i], (ToolResult) commandsAndResults[i + 1]);
        }
        return map;
    }

    private static ToolResult failure(int exitCode, String message) {
        return new ToolResult(exitCode, "", "o2cb_ctl: " + message + "\n" );
    }

    private void replay(String transcript, Path file, Map<String, ToolResult> deviations) throws Exception {
        int replayed = 0;
        for (RecordedTranscript.Step step : RecordedTranscript.read(SharedDocs.ocfs2Tools(transcript)).steps()) {
            String arguments = step.command().substring(step.command().indexOf(' ') + 1);
            ToolResult expected = deviations.getOrDefault(arguments, deviations.get(step.command()));
            if (step.program().equals("cat")) {
                String content = Files.readString(file);
                String shown = arguments.startsWith("-A ") ? content.replace("\t", "^I").replace("\n", "$\n")
                        : content;
                assertThat(shown).as(step.command())
                        .isEqualTo(expected != null ? expected.stdout() : step.stdout());
                continue;
            }
            if (!step.program().equals("o2cb_ctl")) {
                continue; // od, ls, cmp: checked through cat and the final content
            }
            List<String> args = new ArrayList<>(List.of("-c", file.toString()));
            args.addAll(step.arguments());
            ToolResult actual = O2cbCtlTool.run(args, () -> false);
            ToolResult recorded = new ToolResult(step.exitCode(), step.stdout(), step.stderr());
            assertThat(actual).as(step.command()).isEqualTo(expected != null ? expected : recorded);
            replayed++;
        }
        assertThat(replayed).as("commands replayed from " + transcript).isGreaterThan(3);
    }
}
