package io.o2pool.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cli.Main;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's command lines typed at {@code o2pool o2cb_ctl} and {@code o2pool o2cb} (through picocli, exactly as a
 * user types them) build the same bytes as the real ocfs2-tools {@code o2cb --config-file} for the same steps.
 */
class ToolCommandsTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private static synchronized Run o2pool(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int rc = Main.commandLine().execute(args);
            return new Run(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private ExecResult realO2cb(Path conf, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Programs.ocfs2Tool("o2cb").toString(), "--config-file=" + conf));
        cmd.addAll(List.of(args));
        ExecResult r = Programs.run(dir, cmd);
        assertThat(r.exitCode()).as("real o2cb %s: %s", List.of(args), r).isZero();
        return r;
    }

    private byte[] seedWithRealTool() throws Exception {
        Path real = dir.resolve("real.conf");
        realO2cb(real, "add-cluster", "ocfs2");
        realO2cb(real, "add-node", "--ip", "192.168.3.153", "--port", "7777", "--number", "0", "ocfs2", "vm-host03");
        realO2cb(real, "add-node", "--ip", "192.168.3.152", "--port", "7777", "--number", "1", "ocfs2", "vm-host02");
        realO2cb(real, "add-node", "--ip", "192.168.3.154", "--port", "7777", "--number", "2", "ocfs2", "vm-host04");
        return Files.readAllBytes(real);
    }

    @Test
    void seedSequenceThroughO2cbCtlMatchesTheRealTool() throws Exception {
        Path ours = dir.resolve("ctl.conf");
        String c = ours.toString();
        assertThat(o2pool("o2cb_ctl", "-c", c, "-C", "-n", "ocfs2", "-t", "cluster", "-i").exitCode()).isZero();
        String[][] nodes = {{"vm-host03", "0", "192.168.3.153"}, {"vm-host02", "1", "192.168.3.152"},
            {"vm-host04", "2", "192.168.3.154"}};
        for (String[] n : nodes) {
            Run r = o2pool("o2cb_ctl", "-c", c, "-C", "-n", n[0], "-t", "node", "-i", "-a", "cluster=ocfs2",
                    "-a", "number=" + n[1], "-a", "ip_address=" + n[2], "-a", "ip_port=7777");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).contains("no running cluster stack on this host");
        }
        assertThat(Files.readAllBytes(ours)).isEqualTo(seedWithRealTool());
        Run info = o2pool("o2cb_ctl", "-c", c, "-I", "-t", "node", "-a", "name");
        assertThat(info.stdout()).contains("vm-host03", "vm-host02", "vm-host04");
    }

    @Test
    void seedSequenceThroughO2cbMatchesTheRealTool() throws Exception {
        String c = "--config-file=" + dir.resolve("o2cb.conf");
        assertThat(o2pool("o2cb", c, "add-cluster", "ocfs2").exitCode()).isZero();
        assertThat(o2pool("o2cb", c, "add-node", "--ip", "192.168.3.153", "--port", "7777", "--number", "0",
                "ocfs2", "vm-host03").exitCode()).isZero();
        assertThat(o2pool("o2cb", c, "add-node", "--ip", "192.168.3.152", "--number", "1", "ocfs2", "vm-host02")
                .exitCode()).isZero();
        assertThat(o2pool("o2cb", c, "add-node", "--ip", "192.168.3.154", "ocfs2", "vm-host04").exitCode()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("o2cb.conf"))).isEqualTo(seedWithRealTool());
    }

    @Test
    void refusedEditNamesTheValueAndLeavesTheFileAlone() throws Exception {
        Path conf = dir.resolve("v.conf");
        o2pool("o2cb", "--config-file", conf.toString(), "add-cluster", "ocfs2");
        byte[] before = Files.readAllBytes(conf);
        Run r = o2pool("o2cb", "--config-file", conf.toString(), "add-node", "--ip", "10.0.0.9", "--port", "70000",
                "ocfs2", "vm-host09");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("70000");
        assertThat(Files.readAllBytes(conf)).isEqualTo(before);
    }

    @Test
    void configureIsRoutedToTheDefaultsDialog() {
        assertThat(O2cbCommand.isConfigure(List.of("configure", "--yes"))).isTrue();
        assertThat(O2cbCommand.isConfigure(List.of("--config-file", "configure", "list-clusters"))).isFalse();
        assertThat(O2cbCommand.isConfigure(List.of("--config-file=/x", "add-cluster", "configure"))).isFalse();
        Path file = dir.resolve("o2cb");
        Run r = o2pool("o2cb", "configure", "--file", file.toString(), "--enabled", "y", "--cluster", "ocfs2",
                "--idle-timeout-ms", "10000", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(file).content().contains("O2CB_IDLE_TIMEOUT_MS=10000", "O2CB_ENABLED=true");
    }
}
