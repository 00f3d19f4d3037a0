package io.o2pool.agent.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.LeaseState;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.MigrateRequest;
import io.o2pool.agent.api.MigrateResult;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEvent;
import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.api.VmLease;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.api.VmStatus;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.vm.guard.VmGuardKeeper;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.testkit.libvirt.LibvirtInstance;
import io.o2pool.testkit.libvirt.TinyGuest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers, each a real agent JVM (userspace stack, dead threshold 7: dead after 14 s, write timeout 12 s) with
 * its own session libvirtd, heartbeating in one shared directory repository, running the project's tiny TCG guest:
 * define, start, a second start refused by the lease, live migration while the guest keeps counting (one boot),
 * shutdown, undefine — all through the agent API, with its lifecycle events; and a server whose agent is SIGKILLed
 * has its guests destroyed by its guard before the other server declares it dead, after which the other takes the
 * lease and starts the VM.
 */
class LibvirtAgentTest {
    private static final String[][] NODES = {{"vm-host03", "127.0.1.41"}, {"vm-host02", "127.0.1.42"}};
    private static final Duration SLOW = Duration.ofSeconds(90);
    private static final Pattern TICK = Pattern.compile("TICK (\\d+) up=");

    @TempDir
    Path root;
    private Path repository;
    private final List<LibvirtInstance> libvirts = new ArrayList<>();
    private final List<AgentProcess> agents = new ArrayList<>();

    @BeforeEach
    void twoServers() throws Exception {
        LibvirtInstance.requireInstalled();
        Path guest = TinyGuest.files();
        repository = Files.createDirectories(root.resolve("repository"));
        Files.writeString(repository.resolve(".o2pool-repository"), "11111111-2222-3333-4444-555555555555\n");
        LibvirtInstance.allowTraversal(repository.resolve("x"));
        int port = freePort();
        int migration = 49160 + (int) (ProcessHandle.current().pid() % 8) * 10;
        String conf = ConfigSamples.clusterConf("ocfs2", List.of(new String[] {NODES[0][0], NODES[0][1], "" + port},
                new String[] {NODES[1][0], NODES[1][1], "" + port}));
        StageRequest change = StageRequest.of(1, ConfigSamples.POOL, conf,
                ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(7, 5000, 1000, 2000)));
        for (int i = 0; i < 2; i++) {
            LibvirtInstance libvirt = LibvirtInstance.start("server" + i, root.resolve("libvirt" + i), migration + i * 5);
            libvirts.add(libvirt);
            agents.add(AgentProcess.start(root.resolve("agent" + i), NODES[i][1], List.of("--node-name", NODES[i][0],
                    "--repository-root", repository.toString(), "--vm-driver", "libvirt", "--libvirt-uri",
                    libvirt.uri(), "--tiny-guest", guest.toString()), Map.of()));
        }
        for (AgentProcess agent : agents) {
            AgentClient c = agent.client();
            assertThat(c.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
            assertThat(c.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
            c.online();
            c.attachRepository(new io.o2pool.agent.api.AttachRequest("directory", repository.toString(), null));
        }
        for (int i = 0; i < 2; i++) {
            int n = i;
            await(NODES[i][0] + " sees both servers alive").atMost(SLOW).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        ClusterView v = client(n).cluster();
                        assertThat(v.state()).isEqualTo(StackState.HEARTBEATING);
                        assertThat(v.members().stream().filter(Member::alive).map(Member::name))
                                .containsExactlyInAnyOrder(NODES[0][0], NODES[1][0]);
                    });
        }
    }

    @AfterEach
    void stopEverything() throws IOException {
        for (AgentProcess agent : agents) {
            agent.close();
            Path pid = VmGuardKeeper.pidFile(agent.stateDir());
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        libvirts.forEach(LibvirtInstance::close);
    }

    @Test
    void aGuestLivesMigratesAndStopsThroughTheAgentApiUnderItsLease() throws Exception {
        AgentClient a = client(0);
        AgentClient b = client(1);
        Path console = repository.resolve(".o2pool/vms/console/tiny1.log");

        VmStatus defined = a.defineVm(new VmDefinition("tiny1", null, 1, 96, null, true, null));
        assertThat(defined.state()).isEqualTo(VmState.STOPPED);
        assertThat(b.vmDefinition("tiny1").ha()).as("the definition is in the shared repository").isTrue();
        assertThat(a.startVm("tiny1").state()).isEqualTo(VmState.RUNNING);
        await("tiny1 boots on " + NODES[0][0]).atMost(SLOW).until(() -> TinyGuest.lastTick(console) >= 2);
        assertThat(libvirts.get(0).running()).containsExactly("tiny1");

        assertThatThrownBy(() -> b.startVm("tiny1")).isInstanceOfSatisfying(AgentClientException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.error().error()).as("the manager waits on this code for an HA restart").isEqualTo("lease");
            assertThat(e.getMessage()).contains("VM tiny1 is held by vm-host03 (node 0), alive in the disk heartbeat; "
                    + "stop it there or wait for the cluster to evict vm-host03");
        });
        assertThat(libvirts.get(1).running()).isEmpty();

        long before = TinyGuest.lastTick(console);
        MigrateResult moved = a.migrateVm("tiny1", new MigrateRequest(b.vmEndpoint(), 120));
        assertThat(moved.to()).isEqualTo(NODES[1][0]);
        assertThat(moved.lease().owner()).isEqualTo(NODES[1][0]);
        assertThat(moved.lease().state()).isEqualTo(LeaseState.HELD);
        assertThat(libvirts.get(0).running()).isEmpty();
        assertThat(libvirts.get(1).running()).containsExactly("tiny1");
        assertThat(b.vm("tiny1").state()).isEqualTo(VmState.RUNNING);
        assertThat(a.vm("tiny1").state()).isEqualTo(VmState.MISSING);
        await("tiny1 keeps counting on " + NODES[1][0]).atMost(SLOW)
                .until(() -> TinyGuest.lastTick(console) >= before + 3);
        assertThat(TinyGuest.boots(console)).as("the same guest, not a reboot").isEqualTo(1);
        assertThat(ticks(console)).as("the counter never went back").isSorted();
        System.out.printf("migration: %d ms, downtime %d ms; ticks %d -> %d%n", moved.elapsedMs(), moved.downtimeMs(),
                before, TinyGuest.lastTick(console));

        VmStatus stopped = b.shutdownVm("tiny1", 60);
        assertThat(stopped.state()).isEqualTo(VmState.STOPPED);
        assertThat(stopped.reason()).isEqualTo("shutdown");
        assertThat(TinyGuest.lines(console)).anyMatch(l -> l.startsWith("GUEST-ACPI-POWEROFF"));
        assertThat(b.vmLeases()).isEmpty();
        assertThat(b.undefineVm("tiny1", true).state()).isEqualTo(VmState.MISSING);
        assertThat(b.vmDefinitions()).isEmpty();

        List<VmEventType> onA = types(a, "tiny1");
        List<VmEventType> onB = types(b, "tiny1");
        assertThat(onA).containsSubsequence(VmEventType.DEFINED, VmEventType.LEASE_ACQUIRED, VmEventType.STARTED,
                VmEventType.LEASE_HANDOVER, VmEventType.MIGRATED_OUT);
        assertThat(onB).containsSubsequence(VmEventType.LEASE_REFUSED, VmEventType.MIGRATED_IN,
                VmEventType.STOPPED, VmEventType.LEASE_RELEASED, VmEventType.UNDEFINED);
    }

    @Test
    void theGuardDestroysTheGuestsOfAKilledAgentBeforeTheOtherServerDeclaresItDead() throws Exception {
        AgentClient a = client(0);
        AgentClient b = client(1);
        Path console = repository.resolve(".o2pool/vms/console/tiny2.log");
        a.defineVm(VmDefinition.tiny("tiny2"));
        a.startVm("tiny2");
        await("tiny2 boots").atMost(SLOW).until(() -> TinyGuest.lastTick(console) >= 1);
        await("the guard runs").atMost(SLOW).until(() -> Files.exists(VmGuardKeeper.pidFile(agents.get(0).stateDir())));
        long qemu = libvirts.get(0).qemuPids().getFirst();

        List<ClusterEvent> seenByB = new CopyOnWriteArrayList<>();
        Instant[] guestGone = new Instant[1];
        try (AutoCloseable stream = b.events(v -> { }, seenByB::add)) {
            Path proc = Path.of("/proc/" + qemu + "/stat");
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (guestGone[0] == null) {
                    if (!Files.exists(proc) || readQuietly(proc).contains(") Z ")) {
                        guestGone[0] = Instant.now();
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            agents.get(0).kill9();
            Instant killed = Instant.now();
            await(NODES[1][0] + " declares " + NODES[0][0] + " dead").atMost(SLOW).until(() -> seenByB.stream()
                    .anyMatch(e -> e.peer().equals(NODES[0][0]) && e.event().equals("node-down")));
            ClusterEvent down = seenByB.stream().filter(e -> e.event().equals("node-down")).findFirst().orElseThrow();
            Path state = agents.get(0).stateDir();
            String guardLog = Files.exists(state.resolve("vm-guard.log")) ? Files.readString(state.resolve("vm-guard.log"))
                    + Files.readString(state.resolve("vm-guard.json")) : "no guard log";
            assertThat(guestGone[0]).as("the guest was destroyed by the guard; guard log:%n%s", guardLog).isNotNull();
            System.out.printf("agent killed at %s; guest destroyed %d ms later; declared dead %d ms later%n", killed,
                    Duration.between(killed, guestGone[0]).toMillis(), Duration.between(killed, down.time()).toMillis());
            assertThat(guestGone[0]).as("guest gone before the survivor's verdict").isBefore(down.time());
            watcher.interrupt();
        }
        var kills = new io.o2pool.agent.vm.guard.GuardKillLog(agents.get(0).stateDir()).read(5).kills();
        assertThat(kills).as("the guard's record, served by GET /v1/vm-guard/kills once the agent runs again")
                .singleElement().satisfies(k -> {
                    assertThat(k.guests()).containsExactly("tiny2");
                    assertThat(k.reason()).contains("has not advanced");
                });
        // now the lease passes: its holder is DEAD in vm-host02's own heartbeat
        await("vm-host02 takes tiny2 over").atMost(SLOW).pollInterval(Duration.ofSeconds(1))
                .ignoreException(AgentClientException.class).untilAsserted(() ->
                assertThat(b.startVm("tiny2").state()).isEqualTo(VmState.RUNNING));
        VmLease lease = b.vmLeases().getFirst();
        assertThat(lease.owner()).isEqualTo(NODES[1][0]);
        assertThat(types(b, "tiny2")).contains(VmEventType.LEASE_ACQUIRED, VmEventType.STARTED);
        b.destroyVm("tiny2");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<VmEventType> types(AgentClient c, String vm) {
        return c.vmEvents(0, 0).events().stream().filter(e -> e.vm().equals(vm)).map(VmEvent::type).toList();
    }

    private static List<Long> ticks(Path console) {
        List<Long> ticks = new ArrayList<>();
        for (String line : TinyGuest.lines(console)) {
            Matcher m = TICK.matcher(line);
            if (m.find()) {
                ticks.add(Long.parseLong(m.group(1)));
            }
        }
        return ticks;
    }

    private AgentClient client(int i) {
        return agents.get(i).client();
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(NODES[0][1], 0));
                port = s.getLocalPort();
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(NODES[1][1], port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no TCP port free on both addresses");
    }
}
