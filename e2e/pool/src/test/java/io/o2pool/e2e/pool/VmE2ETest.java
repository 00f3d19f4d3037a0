package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.testkit.libvirt.LibvirtInstance;
import io.o2pool.testkit.libvirt.TinyGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * VMs through the whole product: a real manager, three real agents on the userspace stack, each server with its own
 * real libvirtd (session mode, its state under the server's folder) running tiny TCG guests from the shared repository.
 * A sampler asks every libvirt instance for its running domains every 200 ms for the whole class: no VM may ever run
 * on two at once. In order: the lifecycle with a live migration the guest does not notice; a drain for maintenance;
 * an UNREACHABLE server (agent port blocked, heartbeat live) whose VMs are not started elsewhere; a host crash whose
 * HA VM restarts on a survivor within the dead bound + 15 s while the non-HA one stays down; an agent killed alone,
 * whose guard destroys its guests before the survivors may restart them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmE2ETest {
    static final String POOL = "vmpool";
    /** The dead bound at threshold 7: a silent node is dead 14 s after its last heartbeat write. */
    static final Duration DEAD_BOUND = Duration.ofSeconds(2L * RealPool.DEAD_THRESHOLD);
    static final Duration SLOW = Duration.ofSeconds(90);

    RealPool pool;
    ManagerClient api;
    final Map<Integer, LibvirtInstance> libvirts = new TreeMap<>();
    final List<String> doubleRuns = new CopyOnWriteArrayList<>();
    final List<String> samplerErrors = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler;
    Path libvirtRoot;

    @BeforeAll
    void poolOfThreeServersEachWithItsLibvirt() throws Exception {
        LibvirtInstance.requireInstalled();
        Path guest = TinyGuest.files();
        Path root = Files.createTempDirectory("o2pool-vms-");
        LibvirtInstance.allowTraversal(root.resolve("x"));
        // libvirt puts each guest's channel socket below its instance folder, and a UNIX socket path has at most
        // 107 bytes: the instances live in a short folder of their own
        libvirtRoot = Files.createDirectories(Path.of("/tmp", "o2v" + ProcessHandle.current().pid()));
        LibvirtInstance.allowTraversal(libvirtRoot.resolve("x"));
        int migration = 49200 + (int) (ProcessHandle.current().pid() % 10) * 20;
        for (int i = 1; i <= 3; i++) {
            libvirts.put(i, LibvirtInstance.start("server" + i, libvirtRoot.resolve("l" + i), migration + i * 5));
        }
        pool = RealPool.start(root, 3, List.of(), 0, Map.of(), i -> List.of("--vm-driver", "libvirt",
                "--libvirt-uri", libvirts.get(i).uri(), "--tiny-guest", guest.toString()));
        LibvirtInstance.allowTraversal(pool.repository().resolve("x"));
        api = pool.api();
        var created = api.post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 1; i <= 3; i++) {
            var r = api.post("/api/servers", pool.serverBody(POOL, pool.agent(i)));
            JsonNode job = pool.awaitJob(r.body().path("id").asLong(), Duration.ofSeconds(180));
            assertThat(job.path("status").asText()).as("add server%s: %s", i, job).isEqualTo("SUCCEEDED");
        }
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            libvirts.values().forEach(LibvirtInstance::close);
            if (pool != null) {
                pool.closeAndDeleteFiles();
            }
            if (libvirtRoot != null) {
                try (var walk = Files.walk(libvirtRoot)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /**
     * Every libvirt instance's domains in state running (CPUs executing); a name in two of them is a VM running twice.
     * A live migration's destination waits paused until the source has stopped, so it is not counted.
     */
    private void sample() {
        Map<String, List<String>> where = new TreeMap<>();
        for (var e : libvirts.entrySet()) {
            try {
                var list = e.getValue().virsh("list", "--name", "--state-running");
                if (list.exitCode() != 0) {
                    throw new IllegalStateException(list.toString());
                }
                for (String vm : list.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                    where.computeIfAbsent(vm, k -> new ArrayList<>()).add("server" + e.getKey());
                }
            } catch (RuntimeException down) {
                // a killed instance answers nothing: its QEMUs died with it (LibvirtInstance.kill)
                if (samplerErrors.size() < 5) {
                    samplerErrors.add(e.getKey() + ": " + down.getMessage());
                }
            }
        }
        where.forEach((vm, servers) -> {
            if (servers.size() > 1) {
                doubleRuns.add(vm + " on " + servers);
            }
        });
    }

    private JsonNode vm(String name) {
        var r = api.get("/api/vms/" + name);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body();
    }

    private void awaitVm(String name, String state, String server, Duration atMost) {
        await(name + " " + state + " on " + server).atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode v = vm(name);
                    return v.path("state").asText().equals(state) && (server == null
                            || v.path("server").asText().equals(server));
                });
    }

    private JsonNode job(io.o2pool.testkit.JsonHttp.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return pool.awaitJob(r.body().path("id").asLong(), SLOW);
    }

    private JsonNode succeeded(io.o2pool.testkit.JsonHttp.Reply r) {
        JsonNode job = job(r);
        assertThat(job.path("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        return job;
    }

    private void create(String name, boolean ha) {
        succeeded(api.post("/api/vms", api.object().put("pool", POOL).put("name", name).put("ha", ha)));
    }

    private void startOn(String name, String server) {
        succeeded(api.post("/api/vms/" + name + "/start", api.object().put("server", server)));
        awaitVm(name, "RUNNING", server, SLOW);
    }

    private Path console(String vm) {
        return pool.repository().resolve(".o2pool/vms/console/" + vm + ".log");
    }

    private String status(String server) {
        return api.get("/api/servers").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(server)).findFirst().orElseThrow().path("status").asText();
    }

    private List<String> eventKinds() {
        return api.get("/api/events?limit=1000").body().findParents("kind").stream()
                .map(e -> e.path("kind").asText()).toList();
    }

    @Test
    @Order(1)
    void aVmIsDefinedStartedLiveMigratedWithoutNoticingAndStopped() {
        create("web", false);
        assertThat(vm("web").path("state").asText()).isEqualTo("STOPPED");
        startOn("web", "server1");
        await("web boots").atMost(SLOW).until(() -> TinyGuest.lastTick(console("web")) >= 2);
        assertThat(libvirts.get(1).running()).containsExactly("web");

        long before = TinyGuest.lastTick(console("web"));
        succeeded(api.post("/api/vms/web/migrate", api.object().put("to", "server2")));
        awaitVm("web", "RUNNING", "server2", SLOW);
        await("web keeps counting on server2").atMost(SLOW).until(() -> TinyGuest.lastTick(console("web")) >= before + 3);
        assertThat(TinyGuest.boots(console("web"))).as("the same guest: one boot").isEqualTo(1);
        assertThat(libvirts.get(2).running()).containsExactly("web");
        assertThat(libvirts.get(1).running()).isEmpty();
        System.out.printf("VM-E2E migrate: web from server1 to server2, ticks %d -> %d, boots %d%n", before,
                TinyGuest.lastTick(console("web")), TinyGuest.boots(console("web")));

        succeeded(api.post("/api/vms/web/stop", api.object().put("timeout_seconds", 20)));
        assertThat(vm("web").path("state").asText()).isEqualTo("STOPPED");
        assertThat(libvirts.get(2).running()).isEmpty();
        assertThat(eventKinds()).contains("vm.created", "vm.started", "vm.migrated", "vm.stopped");
        assertThat(doubleRuns).isEmpty();
    }

    @Test
    @Order(2)
    void maintenanceDrainsTwoVmsByLiveMigrationAndNoneStops() {
        create("a", false);
        create("b", false);
        startOn("a", "server3");
        startOn("b", "server3");
        await("a and b boot").atMost(SLOW).until(() -> TinyGuest.lastTick(console("a")) >= 2
                && TinyGuest.lastTick(console("b")) >= 2);
        JsonNode enter = succeeded(api.post("/api/servers/" + serverId("server3") + "/maintenance",
                api.object().put("action", "enter")));
        assertThat(enter.path("steps").findValuesAsText("name")).startsWith("validate", "drain_vms");
        assertThat(status("server3")).isEqualTo("MAINTENANCE");
        assertThat(libvirts.get(3).running()).isEmpty();
        for (String v : List.of("a", "b")) {
            assertThat(vm(v).path("state").asText()).isEqualTo("RUNNING");
            assertThat(vm(v).path("server").asText()).isIn("server1", "server2");
            assertThat(TinyGuest.boots(console(v))).as(v + " never stopped").isEqualTo(1);
        }
        succeeded(api.post("/api/servers/" + serverId("server3") + "/maintenance", api.object().put("action", "exit")));
        assertThat(status("server3")).isEqualTo("ACTIVE");
        assertThat(doubleRuns).isEmpty();
    }

    private long serverId(String name) {
        return api.get("/api/servers").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow().path("id").asLong();
    }

    @Test
    @Order(3)
    void anUnreachableServerStillHeartbeatingKeepsItsVmsAndNothingStartsElsewhere() throws Exception {
        create("ha-u", true);
        startOn("ha-u", "server3");
        try (AgentPortBlock block = AgentPortBlock.block(pool.agent(3).address(), pool.agent(3).port())) {
            await("server3 UNREACHABLE").atMost(SLOW).until(() -> status("server3").equals("UNREACHABLE"));
            awaitVm("ha-u", "UNKNOWN", "server3", SLOW);
            Thread.sleep(DEAD_BOUND.plusSeconds(15).toMillis()); // longer than an HA restart would take
            assertThat(vm("ha-u").path("state").asText()).isEqualTo("UNKNOWN");
            assertThat(libvirts.get(3).running()).contains("ha-u");
            assertThat(libvirts.get(1).running()).doesNotContain("ha-u");
            assertThat(libvirts.get(2).running()).doesNotContain("ha-u");
        }
        await("server3 ACTIVE again").atMost(SLOW).until(() -> status("server3").equals("ACTIVE"));
        awaitVm("ha-u", "RUNNING", "server3", SLOW);
        assertThat(doubleRuns).isEmpty();
    }

    @Test
    @Order(4)
    void afterAHostCrashItsHaVmRestartsOnASurvivorAndTheOtherStaysDown() {
        create("ha1", true);
        create("plain", false);
        startOn("ha1", "server2");
        startOn("plain", "server2");
        await("ha1 boots").atMost(SLOW).until(() -> TinyGuest.lastTick(console("ha1")) >= 2);
        long crashedAt = System.nanoTime();
        pool.agent(2).kill9();
        pool.agent(2).killGuard();
        libvirts.get(2).kill();
        await("ha1 RUNNING on a survivor within the dead bound + 15 s").atMost(DEAD_BOUND.plusSeconds(15))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    JsonNode v = vm("ha1");
                    return v.path("state").asText().equals("RUNNING") && !v.path("server").asText().equals("server2");
                });
        double seconds = (System.nanoTime() - crashedAt) / 1e9;
        System.out.printf("VM-E2E HA: ha1 running on %s %.1f s after server2 crashed (dead bound %d s + 15 s)%n",
                vm("ha1").path("server").asText(), seconds, DEAD_BOUND.toSeconds());
        assertThat(vm("plain").path("state").asText()).isEqualTo("DOWN");
        assertThat(status("server2")).isIn("DEAD", "FENCED");
        await("ha1 boots again").atMost(SLOW).until(() -> TinyGuest.boots(console("ha1")) == 2);
        assertThat(eventKinds()).contains("vm.ha-restarted", "vm.down");
        assertThat(doubleRuns).isEmpty();
    }

    @Test
    @Order(5)
    void anAgentKilledAloneHasItsGuestsDestroyedByItsGuardBeforeTheSurvivorsRestartThem() throws IOException {
        create("ha2", true);
        startOn("ha2", "server3");
        await("ha2 boots").atMost(SLOW).until(() -> TinyGuest.lastTick(console("ha2")) >= 2);
        long killedAt = System.nanoTime();
        pool.agent(3).kill9(); // its guests and its guard live on; its userspace heartbeat stops
        // the guard acts (threshold - 2) x 2 s after the last write, the survivors may take the lease from threshold
        // x 2 s: the sampler, not a clock, decides whether it ever ran twice (a loaded machine only delays both)
        await("the guard destroys ha2 on server3").atMost(DEAD_BOUND.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !libvirts.get(3).running().contains("ha2"));
        double destroyed = (System.nanoTime() - killedAt) / 1e9;
        await("ha2 RUNNING on server1").atMost(DEAD_BOUND.plusSeconds(45)).pollInterval(Duration.ofMillis(250))
                .until(() -> vm("ha2").path("state").asText().equals("RUNNING")
                        && vm("ha2").path("server").asText().equals("server1"));
        System.out.printf("VM-E2E guard: ha2 destroyed on server3 %.1f s after its agent was killed, running on"
                + " server1 %.1f s after%n", destroyed, (System.nanoTime() - killedAt) / 1e9);
        assertThat(doubleRuns).as("sampled every 200 ms on every libvirt instance").isEmpty();

        // the agent runs again: the manager learns what its guard did while it was gone, once
        pool.agent(3).restart(Map.of());
        await("the manager records the guard's kill").atMost(SLOW).pollInterval(Duration.ofSeconds(1))
                .until(() -> !guardKills().isEmpty());
        JsonNode kill = guardKills().getFirst();
        System.out.println("VM-E2E guard event: " + kill.path("message").asText());
        assertThat(kill.path("message").asText()).startsWith("the VM guard of server server3")
                .containsPattern("killed [^:]*\\bha2\\b").contains("has not advanced");
        assertThat(guardKills()).as("recorded once").hasSize(1);
    }

    private List<JsonNode> guardKills() {
        return api.get("/api/events?limit=1000").body().findParents("kind").stream()
                .filter(e -> e.path("kind").asText().equals("vm.guard-killed")).toList();
    }
}
