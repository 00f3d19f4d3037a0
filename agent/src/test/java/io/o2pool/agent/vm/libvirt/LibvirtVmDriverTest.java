package io.o2pool.agent.vm.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.VmLayer;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.api.VmStopResult;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The virsh commands of the libvirt driver against a fake virsh that keeps domain states. */
class LibvirtVmDriverTest {
    private static final String URI = "qemu:///session?socket=/srv/a/run/libvirt/libvirt-sock";
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final List<List<String>> ran = new CopyOnWriteArrayList<>();

    private CommandResult virsh(List<String> c) {
        ran.add(c);
        String op = c.get(3);
        String dom = c.size() > 4 ? c.get(4) : "";
        return switch (op) {
            case "list" -> new CommandResult(c, 0, String.join("\n", states.keySet().stream().sorted().toList()) + "\n\n", "");
            case "domstate" -> states.containsKey(dom) ? new CommandResult(c, 0, states.get(dom) + "\n\n", "")
                    : new CommandResult(c, 1, "", "error: failed to get domain '" + dom + "'");
            case "shutdown" -> {
                if (dom.equals("polite")) {
                    states.put(dom, "shut off (shutdown)");
                }
                yield new CommandResult(c, 0, "Domain '" + dom + "' is being shutdown", "");
            }
            case "destroy" -> {
                states.put(dom, "shut off (destroyed)");
                yield new CommandResult(c, 0, "", "");
            }
            default -> new CommandResult(c, 1, "", "error: unexpected " + c);
        };
    }

    @Test
    void stopAllDestroysTheGuestThatIgnoresShutdownLibvirtNeverEscalates() {
        states.put("polite", "running (booted)");
        states.put("deaf", "running (booted)");
        states.put("idle", "shut off (shutdown)");
        LibvirtVmDriver driver = new LibvirtVmDriver(this::virsh, URI, null, FakeClock.atEpochOfSeed());

        VmStopResult result = driver.stopAll(Duration.ZERO);

        assertThat(result.stopped()).containsExactly("polite");
        assertThat(result.forced()).containsExactly("deaf");
        assertThat(ran).contains(List.of("virsh", "-c", URI, "destroy", "deaf"))
                .doesNotContain(List.of("virsh", "-c", URI, "destroy", "polite"));
        assertThat(driver.status("deaf").state()).isEqualTo(VmState.STOPPED);
        assertThat(driver.status("gone").state()).isEqualTo(VmState.MISSING);
    }

    @Test
    void libvirtStatesMapToVmStates() {
        states.put("a", "running (booted)");
        states.put("b", "paused (migration)");
        states.put("c", "shut off (crashed)");
        states.put("d", "paused (user)");
        LibvirtVmDriver driver = new LibvirtVmDriver(this::virsh, URI, null, FakeClock.atEpochOfSeed());
        assertThat(driver.statuses()).extracting(s -> s.name() + "=" + s.state() + "/" + s.reason())
                .containsExactly("a=RUNNING/booted", "b=MIGRATING/migration", "c=CRASHED/crashed", "d=PAUSED/user");
    }

    @Test
    void aSessionInstanceOffersAUnixSocketBesideItsOwnForMigrations() {
        LibvirtVmDriver driver = new LibvirtVmDriver(this::virsh, URI, null, FakeClock.atEpochOfSeed());
        assertThat(driver.endpoint("vm-host02", 1).migrationUriFor("web1"))
                .isEqualTo("unix:///srv/a/run/libvirt/migrate-web1.sock");
        assertThat(driver.pidDirs()).containsExactly(java.nio.file.Path.of("/srv/a/run/libvirt/qemu/run"));
        assertThat(new LibvirtVmDriver(this::virsh, "qemu:///system", "tcp://10.0.0.2:49152", FakeClock.atEpochOfSeed())
                .endpoint("h", 0).migrationUri()).isEqualTo("tcp://10.0.0.2:49152");
    }

    @Test
    void aDaemonThatDoesNotAnswerIsAFindingWithTheFix() {
        LibvirtVmDriver driver = new LibvirtVmDriver(c -> new CommandResult(c, 1, "", "error: failed to connect to the "
                + "hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "
                + "directory"), "qemu:///system", null, FakeClock.atEpochOfSeed());
        VmLayer layer = driver.probe();
        assertThat(layer.reachable()).isFalse();
        assertThat(layer.detail()).contains("Failed to connect socket to '/var/run/libvirt/libvirt-sock'");
        assertThat(layer.fix()).contains("start the libvirt daemon", "--vm-driver process or none");
    }
}
