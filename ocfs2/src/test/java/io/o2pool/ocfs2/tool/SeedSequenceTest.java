package io.o2pool.ocfs2.tool;

import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed document's sequence (cluster ocfs2; vm-host03 #0 .153, vm-host02 #1 .152, vm-host04 #2 .154, port 7777)
 * run through the REAL {@code o2cb --config-file}, through {@link O2cbTool} and through {@link O2cbCtlTool} with the
 * seed's command lines verbatim: after every step the three files are byte-identical, and identical to the stored
 * o2cb-step*.conf and o2cb_ctl-step*.conf recorded from ocfs2-tools 1.8.7.
 */
class SeedSequenceTest {
    private static final List<List<String>> O2CB_STEPS = List.of(
            List.of("add-cluster", "ocfs2"),
            List.of("add-node", "ocfs2", "vm-host03", "--number", "0", "--ip", "192.168.3.153", "--port", "7777"),
            List.of("add-node", "ocfs2", "vm-host02", "--number", "1", "--ip", "192.168.3.152", "--port", "7777"),
            List.of("add-node", "ocfs2", "vm-host04", "--number", "2", "--ip", "192.168.3.154", "--port", "7777"));
    private static final List<String> O2CB_CTL_STEPS = List.of(
            "-C -n ocfs2 -t cluster -i",
            "-C -n vm-host03 -t node -i -a cluster=ocfs2 -a number=0 -a ip_address=192.168.3.153 -a ip_port=7777",
            "-C -n vm-host02 -t node -i -a cluster=ocfs2 -a number=1 -a ip_address=192.168.3.152 -a ip_port=7777",
            "-C -n vm-host04 -t node -i -a cluster=ocfs2 -a number=2 -a ip_address=192.168.3.154 -a ip_port=7777");
    private static final List<String> STORED_O2CB = List.of("o2cb-step1-add-cluster.conf",
            "o2cb-step2-add-vm-host03.conf", "o2cb-step3-add-vm-host02.conf", "o2cb-step4-add-vm-host04.conf");
    private static final List<String> STORED_O2CB_CTL = List.of("o2cb_ctl-step1-cluster.conf",
            "o2cb_ctl-step2-vm-host03.conf", "o2cb_ctl-step3-vm-host02.conf", "o2cb_ctl-step4-vm-host04.conf");

    @TempDir
    Path dir;

    @Test
    void ourO2cbAndO2cbCtlWriteTheBytesTheRealO2cbWritesAtEveryStep() throws Exception {
        Path real = dir.resolve("real.conf");
        Path viaO2cb = dir.resolve("o2cb.conf");
        Path viaCtl = dir.resolve("o2cb_ctl.conf");
        O2cbTool o2cb = new O2cbTool(host -> Optional.empty());
        String o2cbPath = Programs.ocfs2Tool("o2cb").toString();
        for (int step = 0; step < 4; step++) {
            List<String> command = new ArrayList<>(List.of(o2cbPath, "--config-file=" + real));
            command.addAll(O2CB_STEPS.get(step));
            ExecResult realRun = Programs.run(dir, command);
            assertThat(realRun.exitCode()).as("real o2cb step %d: %s", step + 1, realRun).isZero();

            List<String> ours = new ArrayList<>(List.of("--config-file=" + viaO2cb));
            ours.addAll(O2CB_STEPS.get(step));
            assertThat(o2cb.run(ours)).isEqualTo(new ToolResult(0, realRun.stdout(), realRun.stderr()));

            List<String> ctl = new ArrayList<>(List.of("-c", viaCtl.toString()));
            ctl.addAll(List.of(O2CB_CTL_STEPS.get(step).split(" ")));
            assertThat(O2cbCtlTool.run(ctl, () -> false)).isEqualTo(new ToolResult(0, "",
                    "o2cb_ctl: note: no running cluster stack on this host; cluster.conf updated only\n"));

            byte[] expected = Files.readAllBytes(real);
            assertThat(Files.readAllBytes(viaO2cb)).as("o2pool o2cb, step %d", step + 1).isEqualTo(expected);
            assertThat(Files.readAllBytes(viaCtl)).as("o2pool o2cb_ctl, step %d", step + 1).isEqualTo(expected);
            assertThat(Files.readAllBytes(SharedDocs.ocfs2Tools(STORED_O2CB.get(step)))).isEqualTo(expected);
            assertThat(Files.readAllBytes(SharedDocs.ocfs2Tools(STORED_O2CB_CTL.get(step)))).isEqualTo(expected);
        }
        assertThat(Files.size(real)).isEqualTo(358);
        for (Path file : List.of(viaO2cb, viaCtl)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind").containsExactlyInAnyOrder("real.conf", "o2cb.conf",
                            "o2cb_ctl.conf");
        }
    }

    @Test
    void withARunningStackTheNoteSaysTheRunningClusterWasNotChanged() {
        Path conf = dir.resolve("cluster.conf");
        ToolResult result = O2cbCtlTool.run(List.of("-c", conf.toString(), "-C", "-n", "ocfs2", "-t", "cluster",
                "-i"), () -> true);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).startsWith("o2cb_ctl: note: cluster.conf updated; the cluster stack running on "
                + "this host was not changed");
    }

    @Test
    void withoutMinusIThereIsNoNote() {
        Path conf = dir.resolve("cluster.conf");
        assertThat(O2cbCtlTool.run(List.of("-c", conf.toString(), "-C", "-n", "ocfs2", "-t", "cluster"),
                () -> false)).isEqualTo(new ToolResult(0, "", ""));
    }
}
