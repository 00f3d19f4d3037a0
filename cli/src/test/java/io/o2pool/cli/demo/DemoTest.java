package io.o2pool.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.testkit.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code o2pool demo} as a user runs it — a real process with a manager and agent processes on 127.0.1.x — driven
 * by the {@code o2pool} CLI from other processes, then stopped with SIGINT leaving no process behind.
 */
class DemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void autoAddBringsThreeServersWithStandInVmsToActiveAndCtrlCLeavesNothingBehind() throws Exception {
        try (DemoProcess demo = new DemoProcess(dir, "--auto-add", "--servers", "3", "--vms", "1", "--vm-driver",
                "process")) {
            demo.awaitLine("VMs: stand-in VMs (process driver): --vm-driver process", Duration.ofSeconds(60));
            demo.awaitLine("all 3 servers ACTIVE", Duration.ofMinutes(4));
            demo.awaitLine("press Ctrl-C", Duration.ofSeconds(30));

            ExecResult list = demo.o2pool("server", "list", "--json");
            assertThat(list.exitCode()).as(list.toString()).isZero();
            JsonNode servers = JSON.readTree(list.stdout());
            assertThat(servers).hasSize(3);
            servers.forEach(s -> assertThat(s.path("status").asText()).as(s.toString()).isEqualTo("ACTIVE"));
            assertThat(servers.findValuesAsText("node_number")).containsExactlyInAnyOrder("0", "1", "2");

            ExecResult jobs = demo.o2pool("job", "list", "--json");
            assertThat(JSON.readTree(jobs.stdout()).findValuesAsText("status")).containsOnly("SUCCEEDED");
            ExecResult events = demo.o2pool("events", "--json");
            assertThat(JSON.readTree(events.stdout()).isArray()).isTrue();

            assertThat(demo.aliveDescendants()).as("agents and stand-in VMs while running").hasSizeGreaterThanOrEqualTo(6);
            demo.interrupt(Duration.ofSeconds(60));
            assertThat(demo.output()).contains("o2pool demo: stopped");
            assertThat(demo.aliveDescendants()).as("processes left after Ctrl-C").isEmpty();
        }
    }

    @Test
    void aDataDirTheLibvirtUserCannotReachMeansStandInsAndTheDemoSaysWhyAndHowToFixIt() throws Exception {
        // as root with libvirt installed (./test): the guests would run as o2pvirt, and JUnit's folder is rwx------
        io.o2pool.testkit.libvirt.LibvirtInstance.requireInstalled();
        assertThat(io.o2pool.libvirtd.Prerequisites.runningAsRoot()).as("./test runs as root").isTrue();
        try (DemoProcess demo = new DemoProcess(dir, "--servers", "1", "--vms", "1")) {
            demo.awaitLine("press Ctrl-C", Duration.ofMinutes(2));
            assertThat(demo.output()).contains("VMs: stand-in VMs (process driver): user o2pvirt, which runs the "
                    + "guests, cannot reach the data dir " + dir.resolve("demo") + ": " + dir + " is rwx------",
                    "--data-dir /var/tmp/o2pool-demo", "setfacl -m u:o2pvirt:x " + dir,
                    "VMs: stand-ins (process driver)");
            assertThat(demo.output()).doesNotContain("libvirtd of");
            demo.interrupt(Duration.ofSeconds(60));
            assertThat(demo.aliveDescendants()).isEmpty();
        }
        ExecResult refused = DemoProcess.runToEnd(dir, "--servers", "1", "--vm-driver", "libvirt");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("--vm-driver libvirt cannot run here: user o2pvirt", "cannot reach");
        assertThat(refused.stdout()).doesNotContain("stand-in");
    }

    @Test
    void cliAddsAServerAndWatchesTheJobToCompletion() throws Exception {
        try (DemoProcess demo = new DemoProcess(dir, "--servers", "2", "--vm-driver", "process")) {
            demo.awaitLine("press Ctrl-C", Duration.ofMinutes(2));
            String pw = demo.agentPassword();

            ExecResult test = demo.o2pool("server", "test", "--host", "127.0.1.1", "--agent-password", pw, "--json");
            assertThat(test.exitCode()).as(test.toString()).isZero();
            assertThat(JSON.readTree(test.stdout()).path("reachable").asBoolean()).isTrue();

            ExecResult add = demo.o2pool("server", "add", "--host", "127.0.1.1", "--name", "vm-host01", "--type",
                    "vm", "--pool", "demo-pool", "--location", "rack 1", "--agent-password", pw, "--wait");
            assertThat(add.exitCode()).as(add.toString()).isZero();
            assertThat(add.stdout()).contains("preflight", "commit", "wait_live", "SUCCEEDED");

            ExecResult dup = demo.o2pool("server", "add", "--host", "127.0.1.2", "--name", "vm-host01", "--type",
                    "vm", "--pool", "demo-pool", "--agent-password", pw);
            assertThat(dup.exitCode()).as("duplicate name is refused: " + dup).isEqualTo(3);
            assertThat(dup.stderr()).contains("name");

            ExecResult wrongType = demo.o2pool("server", "add", "--host", "127.0.1.2", "--name", "vm-host02",
                    "--type", "storage", "--pool", "demo-pool", "--agent-password", pw);
            assertThat(wrongType.exitCode()).isEqualTo(3);
            assertThat(wrongType.stderr()).contains("type");

            ExecResult table = demo.o2pool("server", "list");
            assertThat(table.stdout()).as("the POOL column names the pool").containsPattern("vm-host01 .*demo-pool");

            ExecResult show = demo.o2pool("server", "show", "vm-host01", "--json");
            JsonNode server = JSON.readTree(show.stdout());
            assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(server.path("location").asText()).isEqualTo("rack 1");

            ExecResult noValue = demo.o2pool("pool", "timeouts", "demo-pool");
            assertThat(noValue.exitCode()).as(noValue.toString()).isEqualTo(2);
            assertThat(noValue.stderr()).contains("--heartbeat-threshold");
            ExecResult tune = demo.o2pool("pool", "timeouts", "demo-pool", "--heartbeat-threshold", "15", "--wait");
            assertThat(tune.exitCode()).as(tune.toString()).isZero();
            assertThat(tune.stdout()).contains("stop_stack", "start_stack", "SUCCEEDED");
            JsonNode pool = JSON.readTree(demo.o2pool("pool", "show", "demo-pool", "--json").stdout());
            assertThat(pool.path("heartbeat_dead_threshold").asInt()).isEqualTo(15);

            demo.interrupt(Duration.ofSeconds(60));
            assertThat(demo.aliveDescendants()).isEmpty();
        }
    }
}
