package io.o2pool.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import io.o2pool.testkit.libvirt.LibvirtInstance;
import io.o2pool.testkit.libvirt.TinyGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code o2pool demo --vms N} on a machine with libvirt and QEMU ({@code ./test} installs them): each server gets its
 * own libvirtd and the demo's VMs are real tiny TCG guests — listed RUNNING by {@code o2pool vm list}, running in
 * their server's libvirt as virsh sees it, moved live by {@code o2pool vm migrate} — and Ctrl-C leaves no process.
 */
class DemoLibvirtTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIBVIRTD = Pattern.compile("libvirtd of (vm-host\\d+): (qemu:///session\\?socket=\\S+)");

    @TempDir
    Path dir;

    @Test
    void realGuestsRunOnEachServersLibvirtMigrateLiveAndCtrlCLeavesNothing() throws Exception {
        LibvirtInstance.requireInstalled();
        TinyGuest.files();
        // the guests run as the unprivileged libvirt user, which must reach the data dir (JUnit's folder is 0700)
        LibvirtInstance.allowTraversal(dir.resolve("x"));
        Instant begun = Instant.now();
        try (DemoProcess demo = new DemoProcess(dir, "--auto-add", "--servers", "2", "--vms", "1")) {
            demo.awaitLine("VMs: real libvirt guests", Duration.ofMinutes(2));
            demo.awaitLine("press Ctrl-C", Duration.ofMinutes(4));
            Duration ready = Duration.between(begun, Instant.now());
            assertThat(demo.output()).contains("2 VM(s) RUNNING on real libvirt");
            Map<String, String> uris = new HashMap<>();
            Matcher m = LIBVIRTD.matcher(demo.output());
            while (m.find()) {
                uris.put(m.group(1), m.group(2));
            }
            assertThat(uris).containsOnlyKeys("vm-host01", "vm-host02");

            JsonNode vms = JSON.readTree(demo.o2pool("vm", "list", "--json").stdout());
            assertThat(vms).hasSize(2);
            for (JsonNode vm : vms) {
                assertThat(vm.path("state").asText()).as(vm.toString()).isEqualTo("RUNNING");
                assertThat(vm.path("ha").asBoolean()).isTrue();
                assertThat(vm.path("name").asText()).isEqualTo(vm.path("server").asText() + "-vm1");
            }
            for (String server : List.of("vm-host01", "vm-host02")) {
                assertThat(virshRunning(uris.get(server))).as("virsh on %s's libvirtd", server)
                        .containsExactly(server + "-vm1");
            }
            Path console = dir.resolve("demo/repository/.o2pool/vms/console/vm-host01-vm1.log");
            awaitTicks(console, 2);

            long before = TinyGuest.lastTick(console);
            Instant migrating = Instant.now();
            ExecResult migrate = demo.o2pool("vm", "migrate", "vm-host01-vm1", "--to", "vm-host02", "--wait");
            Duration migration = Duration.between(migrating, Instant.now());
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            JsonNode moved = JSON.readTree(demo.o2pool("vm", "show", "vm-host01-vm1", "--json").stdout());
            assertThat(moved.path("server").asText()).isEqualTo("vm-host02");
            assertThat(moved.path("state").asText()).isEqualTo("RUNNING");
            assertThat(virshRunning(uris.get("vm-host02"))).containsExactlyInAnyOrder("vm-host01-vm1", "vm-host02-vm1");
            assertThat(virshRunning(uris.get("vm-host01"))).isEmpty();
            awaitTicks(console, before + 2);
            assertThat(TinyGuest.boots(console)).as("the same guest, never rebooted: it moved live").isEqualTo(1);

            List<ProcessHandle> seen = demo.seenDescendants();
            assertThat(seen).as("QEMU, libvirtd and tini were the demo's descendants")
                    .anyMatch(h -> h.info().command().orElse("").endsWith("qemu-system-x86_64"))
                    .anyMatch(h -> h.info().command().orElse("").endsWith("libvirtd"));
            Instant stopping = Instant.now();
            demo.interrupt(Duration.ofSeconds(90));
            System.out.printf("demo --servers 2 --vms 1 on libvirt: running with 2 VMs %.1f s after start (%s); "
                    + "o2pool vm migrate --wait %.1f s (a CLI JVM included); Ctrl-C to exit %.1f s%n",
                    ready.toMillis() / 1000.0, demo.output().lines().filter(l -> l.contains("created and started in"))
                            .findFirst().orElse("?").strip(), migration.toMillis() / 1000.0,
                    Duration.between(stopping, Instant.now()).toMillis() / 1000.0);
            assertThat(demo.output()).contains("o2pool demo: stopped");
            assertThat(demo.aliveDescendants()).as("processes left after Ctrl-C").isEmpty();
            try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
                assertThat(tmp.map(p -> p.getFileName().toString()))
                        .as("the short runtime folders of the demo's libvirtds are removed")
                        .noneMatch(n -> n.startsWith("o2v" + demo.pid() + "."));
            }
        }
    }

    private static List<String> virshRunning(String uri) {
        ExecResult r = Programs.run(Path.of("/"), List.of("virsh", "-c", uri, "list", "--name"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Waits (at most 90 s: a TCG boot on a loaded machine) until the guest's console shows tick {@code n}. */
    private static void awaitTicks(Path console, long n) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (TinyGuest.lastTick(console) < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the guest's console " + console + " did not reach tick " + n + ":\n"
                        + String.join("\n", TinyGuest.lines(console)));
            }
            Thread.sleep(250);
        }
    }
}
