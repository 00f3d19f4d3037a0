package io.o2pool.e2e.kvm;

import static io.o2pool.e2e.kvm.Poll.secondsUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.agent.api.RepositoryMount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The must-show scenarios on real kernels, driven only through the manager's REST API with the manager on the
 * host: five QEMU guests (the Debian kernel's o2cb stack, ocfs2-tools, the o2pool agent) booted once and shared by the
 * scenarios, in order.
 *
 * <ol>
 *   <li><b>Seed</b>: node0 holds a local-mode OCFS2 volume (mkfs.ocfs2 -M local) on the shared disk, mounted, with a
 *       stand-in VM running. Add Server refuses the cluster-mode conversion while the VM runs (finding
 *       {@code vms.running}, nothing changed); once the VM is stopped the retried job converts the volume (4 slots),
 *       and it is mounted heartbeat=local with its data. Then node1 and node2 are added, one Add Server each, while
 *       the others stay mounted (same boot id, same mount): every guest shows the same UUID mounted
 *       {@code type ocfs2 (rw,…,_netdev,heartbeat=local,…)}, {@code mounted.ocfs2 -f} lists every node, and a file
 *       written on one guest is read on the others.</li>
 *   <li><b>Bad input</b>: node4, whose /etc/hosts maps its name to 127.0.0.1 and whose /dev/vda is another disk
 *       (another OCFS2 UUID), is refused in preflight with the hosts line and the fix; with /etc/hosts corrected, it is
 *       still refused for the other disk; the members' configuration and node4's are unchanged.</li>
 *   <li><b>Graceful removal</b>: Remove Server for node2 runs the plan {@code POST /api/plan} showed (the same recorded
 *       plan, the same steps); node0 and node1 stay mounted (same boot id, same mount), their configfs and
 *       cluster.conf no longer list node2 and their o2hb no longer sees node 2; node2 is unmounted and offline.</li>
 *   <li><b>Re-add</b>: node2, removed, is added again with Add Server and mounts the same volume; files cross between
 *       the three.</li>
 *   <li><b>Failure</b>: node2's QEMU is killed; node0's and node1's kernels evict it; the manager shows node2 DEAD
 *       within the o2cb timeout + 10 s; the pool keeps working (files written and read across the survivors).</li>
 *   <li><b>Forced removal</b>: {@code DELETE /api/servers/{id}?force=true} for the dead node2 runs its plan (the
 *       survivors drop it without contacting it): node0's and node1's cluster.conf and configfs no longer list it, and
 *       they stay mounted.</li>
 *   <li><b>Replacement</b>: node3 (the shared disk as its /dev/vda) is added and reaches ACTIVE, mounted
 *       heartbeat=local with the same UUID (it takes node2's freed number); files cross between node0, node1 and
 *       node3.</li>
 *   <li><b>Grow slots</b>: node2 and node4 boot again, node4 now with the shared disk as its /dev/vda; node2 is added
 *       (four nodes on the volume's four slots) and the pool's max_nodes raised from 4 to 8. The 5th server, node4,
 *       is refused in preflight ({@code repository.slots}: the volume, its slots, the fix) and nothing changed
 *       (generation, every member's live configuration, their mounts); {@code tunefs.ocfs2 -N 5} itself fails while
 *       the volume is mounted. {@code POST /api/plan} with {@code grow_slots} shows the grow_slots step, and Add
 *       Server with {@code grow_slots} runs that plan: the volume is unmounted on the four members, grown to 5 slots,
 *       mounted again, and node4 added; the five guests mount it heartbeat=local with the same UUID and files cross
 *       between them.</li>
 *   <li><b>Fence</b> ({@link FenceScenario}): node2's heartbeat is moved onto a dm-linear mapping of the shared disk
 *       (maintenance enter, {@code dmsetup create}, maintenance exit) and its I/O stalled ({@code dmsetup suspend
 *       --noflush --nolockfs}): the manager's {@code heartbeat.slow} event comes at least 5 s before node2 fences, the
 *       manager's kernel fence record holds node2's own last lines (received by a peer over netconsole) and the
 *       survivors' eviction lines, and node2, booted again with its disk state, is re-synced by the manager to
 *       ACTIVE and mounted.</li>
 *   <li><b>Wire</b> ({@link WireScenario}): the pool's cluster is taken down on every guest (agents stopped,
 *       unmounted, o2cb offline); the same guests form cluster {@code wire}: an o2pool
 *       userspace node (node3) among kernel nodes on a 512-byte-sector disk (node0, node1) and then on a
 *       4096-byte-sector disk (node0, node4). The guests see these two disks as /dev/vdb and /dev/vdc from boot.</li>
 *   <li><b>Partitions</b> ({@link PartitionScenario}): node0, node1 (booted again: the wire scenario killed it) and
 *       node2, their clusters down, share the pool's disk as cluster {@code part}; for three shapes o2net is cut
 *       between them, with three kernel nodes and with one replaced by an o2pool userspace node: both fence the nodes
 *       quorum.c's rule names.</li>
 * </ol>
 * Every scenario's time and every Add Server and Remove Server step's are printed (and recorded in
 * docs/benchmarks.md). {@code O2POOL_KVM_SCENARIOS} (e.g. {@code seed,fence}) runs only the scenarios it lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerScenariosKvmIT {
    static final int DEAD_THRESHOLD = 7;
    static final int IDLE_TIMEOUT_MS = 5000;
    /** o2hb declares a node dead after (threshold - 1) missed 2 s heartbeats. */
    static final Duration O2CB_TIMEOUT = Duration.ofMillis((DEAD_THRESHOLD - 1) * 2000L);
    /**
     * How long the manager may take to show a node dead once the survivors' kernels evicted it: its 1 s status poll,
     * each survivor's agent answering from inside a TCG guest (seconds on a loaded host: 6.2 s measured once, ~1 s
     * idle), and the decision over both views.
     */
    static final Duration MANAGER_FOLLOWS = Duration.ofSeconds(10);
    static final String DEVICE = "/dev/vda";
    static final String POOL = "kvm-pool";
    static final Duration JOB_LIMIT = Duration.ofMinutes(6);

    private final Timings timings = new Timings("manager-scenarios");
    /** Each Add Server and Remove Server job's step times, by a label. */
    private final Map<String, Map<String, Double>> jobSteps = new LinkedHashMap<>();
    /** What the scenarios measured and the kernels showed, one line each, printed at the end. */
    private final List<String> facts = new ArrayList<>();
    private final Map<String, Double> scenarios = new LinkedHashMap<>();
    private KvmHarness kvm;
    private ManagerUnderTest manager;
    private List<Guest> guests;
    private Guest g0;
    private Guest g1;
    private Guest g2;
    private Guest g3;
    private Guest g4;
    private Path shared;
    private Path wire512;
    private Path wire4k;
    private long poolId;
    private String uuid;
    private final Map<String, Long> serverIds = new LinkedHashMap<>();
    private boolean poolReady;
    private boolean node2Removed;
    private boolean node2Back;
    private boolean node2Dead;
    private boolean node2ForcedOut;
    private boolean node3Added;
    private List<WireScenario.PhaseResult> wireResults = List.of();

    @BeforeAll
    void bootGuestsAndManager() {
        kvm = KvmHarness.create("manager-scenarios", timings);
        shared = kvm.newDisk("shared", 1024);
        Path other = kvm.newDisk("other", 256);
        // SCENARIO wire's shared disks (/dev/vdb: 512-byte sectors, /dev/vdc: 4096) on node0, node1, node3 and node4
        wire512 = kvm.newDisk("wire512", 512, 512);
        wire4k = kvm.newDisk("wire4k", 512, 4096);
        // node3 sees the shared disk (it replaces node2 at the end), node4 another one (the bad input)
        guests = new ArrayList<>(kvm.boot(new GuestSpec(0, "node0", shared, wire512, wire4k),
                new GuestSpec(1, "node1", shared, wire512, wire4k), new GuestSpec(2, "node2", shared),
                new GuestSpec(3, "node3", shared, wire512, wire4k), new GuestSpec(4, "node4", other, wire512, wire4k)));
        g0 = guests.get(0);
        g1 = guests.get(1);
        g2 = guests.get(2);
        g3 = guests.get(3);
        g4 = guests.get(4);
        // the seed: a local-mode volume on the shared disk, made and mounted on node0 as a stand-alone server has it
        g0.execOk("mkfs.ocfs2 -q -F -M local -L seed " + DEVICE);
        // node4 sees another disk (another OCFS2 volume) and maps its own name to 127.0.0.1 on the first line
        g4.execOk("mkfs.ocfs2 -q -F -N 4 -L other --cluster-stack=o2cb --cluster-name=ocfs2 " + DEVICE
                + " && printf '127.0.0.1\\tnode4 localhost\\n' > /etc/hosts");
        timings.time("start the 5 agents (JVM under TCG)", () -> Parallel.run(g0::startAgent, g1::startAgent,
                g2::startAgent, g3::startAgent, g4::startAgent));
        manager = timings.time("start the manager on the host", () ->
                ManagerUnderTest.start(kvm.runDir(), Duration.ofSeconds(180)));
        System.out.println("[kvm] manager at " + manager.url() + "; guests: " + guests);
    }

    @AfterAll
    void tearDown() {
        System.out.println(timings.table());
        System.out.println(summary());
        if (manager != null) {
            manager.close();
        }
        if (kvm != null) {
            kvm.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void seedLocalVolumeBecomesAClusterOfThreeWithoutReboot() {
        assumeSelected("seed");
        scenario("seed: local volume -> cluster of 3 (no reboot)", () -> onFailureDumpLogs(this::seed));
        poolReady = true;
    }

    private void seed() {
        String local = g0.execOk("mkdir -p /var/ovs/mount/seed && mount -t ocfs2 " + DEVICE + " /var/ovs/mount/seed"
                + " && mkdir -p /var/ovs/mount/seed/VirtualMachines"
                + " && echo vm-disk-of-seed-vm > /var/ovs/mount/seed/VirtualMachines/seed-vm.img && sync"
                + " && grep ' /var/ovs/mount/seed ' /proc/mounts");
        assertThat(local).contains("heartbeat=none");
        g0.startStandInVm("seed-vm");
        RepositoryInfo before = g0.agent().inspectRepository("ocfs2", DEVICE);
        assertThat(before.mode()).isEqualTo(RepositoryMode.LOCAL);
        uuid = before.uuid();
        Map<String, String> boots = new LinkedHashMap<>();

        // max_nodes 4: the conversion gives the volume 4 node slots (tunefs.ocfs2 -M cluster -N <max nodes>, as the
        // seed's procedure has it); the grow slots scenario raises max_nodes to add a 5th server
        JsonNode pool = manager.createPool(POOL, DEVICE, 4);
        poolId = pool.path("id").asLong();

        // --- refused while the VM runs: a clear finding, nothing changed ---
        JsonNode refused = timings.time("node0: Add Server refused (VM running)", () ->
                manager.awaitJob(manager.addServer(POOL, g0).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(refused));
        assertThat(refused.path("status").asText()).isEqualTo("FAILED");
        assertThat(refused.path("error_step").asText()).isEqualTo("preflight");
        assertThat(refused.path("error_message").asText()).contains("vms.running", "seed-vm", "stop");
        long node0 = refused.path("server_id").asLong();
        serverIds.put("node0", node0);
        assertThat(manager.server(node0).path("status").asText()).isEqualTo("ERROR");
        RepositoryInfo still = g0.agent().inspectRepository("ocfs2", DEVICE);
        assertThat(still.mode()).as("the volume is still local").isEqualTo(RepositoryMode.LOCAL);
        assertThat(still.mount()).isEqualTo(RepositoryMount.HEARTBEAT_NONE);
        assertThat(g0.agent().config().live()).as("no configuration was committed on node0").isNull();
        jobSteps.put("node0 (refused: VM running)", ManagerUnderTest.stepSeconds(refused));

        // --- the VM stopped: the retried job converts the volume and starts the cluster of one ---
        g0.stopStandInVm("seed-vm");
        JsonNode first = timings.time("node0: Add Server (retry; convert to cluster, 4 slots)", () ->
                manager.awaitJob(manager.retry(refused.path("id").asLong()).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(first));
        assertThat(first.path("status").asText()).as(ManagerUnderTest.describe(first)).isEqualTo("SUCCEEDED");
        jobSteps.put("node0 (first server: convert, 4 slots)", ManagerUnderTest.stepSeconds(first));
        assertThat(manager.server(node0).path("status").asText()).isEqualTo("ACTIVE");
        RepositoryInfo converted = g0.agent().inspectRepository("ocfs2", DEVICE);
        assertThat(converted.uuid()).isEqualTo(uuid);
        assertThat(converted.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(converted.slots()).isEqualTo(4);
        assertThat(converted.mount()).isEqualTo(RepositoryMount.HEARTBEAT_LOCAL);
        assertThat(g0.execOk("cat /var/ovs/mount/" + uuid + "/VirtualMachines/seed-vm.img").strip())
                .as("the VM's disk survived the conversion").isEqualTo("vm-disk-of-seed-vm");
        assertThat(manager.pool(poolId).path("repository_uuid").asText().replace("-", "").toUpperCase(Locale.ROOT))
                .isEqualTo(uuid);
        boots.put("node0", g0.bootId());
        String node0Mount = mountInfo(g0);

        // --- node1, then node2: each an Add Server while the others stay mounted ---
        for (Guest g : List.of(g1, g2)) {
            boots.put(g.name(), g.bootId());
            JsonNode job = timings.time(g.name() + ": Add Server", () ->
                    manager.awaitJob(manager.addServer(POOL, g).path("id").asLong(), JOB_LIMIT));
            System.out.println("[kvm] " + ManagerUnderTest.describe(job));
            assertThat(job.path("status").asText()).as(ManagerUnderTest.describe(job)).isEqualTo("SUCCEEDED");
            jobSteps.put(g.name(), ManagerUnderTest.stepSeconds(job));
            serverIds.put(g.name(), job.path("server_id").asLong());
            assertThat(manager.server(job.path("server_id").asLong()).path("status").asText()).isEqualTo("ACTIVE");
            assertThat(mountInfo(g0)).as("node0 stayed mounted (same mount) while %s joined", g.name())
                    .isEqualTo(node0Mount);
        }

        // --- what every guest shows ---
        List<Guest> pool3 = List.of(g0, g1, g2);
        for (Guest g : pool3) {
            assertThat(g.bootId()).as("%s did not reboot", g.name()).isEqualTo(boots.get(g.name()));
            String mount = g.execOk("mount | grep ' type ocfs2 '");
            assertThat(mount).as("%s mount", g.name())
                    .contains(DEVICE + " on /var/ovs/mount/" + uuid + " type ocfs2 (rw,")
                    .contains("_netdev").contains("heartbeat=local");
            for (Guest other : pool3) {
                assertThat(g.execOk("ls /sys/kernel/config/cluster/ocfs2/node/")).as("%s registers %s", g.name(),
                        other.name()).contains(other.name());
            }
            String mounted = g.execOk("mounted.ocfs2 -f " + DEVICE);
            System.out.println("[kvm] " + g.name() + ": " + mount.strip() + "\n" + mounted.strip());
            assertThat(mounted).as("%s mounted.ocfs2 -f", g.name()).contains("node0", "node1", "node2");
        }
        timings.time("a file written on each guest is read on the others", () -> {
            for (Guest writer : pool3) {
                writer.execOk("echo written-on-" + writer.name() + " > /var/ovs/mount/" + uuid + "/from-"
                        + writer.name() + ".txt && sync");
                for (Guest reader : pool3) {
                    assertThat(reader.execOk("cat /var/ovs/mount/" + uuid + "/from-" + writer.name() + ".txt").strip())
                            .as("%s reads the file of %s", reader.name(), writer.name())
                            .isEqualTo("written-on-" + writer.name());
                }
            }
        });
    }

    @Test
    @Order(2)
    void badInputIsRefusedInPreflightBeforeAnyChange() {
        assumeSelected("bad-input");
        assumeThat(poolReady).as("the seed scenario built the pool").isTrue();
        scenario("bad input: hosts line and another disk refused", () -> onFailureDumpLogs(this::badInput));
    }

    private void badInput() {
        Map<String, Long> generations = new LinkedHashMap<>();
        for (Guest g : List.of(g0, g1, g2)) {
            generations.put(g.name(), g.agent().config().live().generation());
        }
        long poolGeneration = manager.pool(poolId).path("generation").asLong();

        JsonNode hosts = timings.time("node4: Add Server refused (/etc/hosts, other disk)", () ->
                manager.awaitJob(manager.addServer(POOL, g4).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(hosts));
        assertThat(hosts.path("status").asText()).isEqualTo("FAILED");
        assertThat(hosts.path("error_step").asText()).isEqualTo("preflight");
        assertThat(hosts.path("error_message").asText())
                .contains("hosts.loopback", "/etc/hosts line 1", "127.0.0.1", "10.77.0.14 node4")
                .contains("repository.uuid");
        jobSteps.put("node4 (refused: /etc/hosts + other disk)", ManagerUnderTest.stepSeconds(hosts));
        long node4 = hosts.path("server_id").asLong();

        // /etc/hosts corrected: still refused, for the other disk alone
        g4.execOk("printf '127.0.0.1\\tlocalhost\\n10.77.0.14\\tnode4\\n' > /etc/hosts");
        JsonNode disk = timings.time("node4: Add Server refused (other disk)", () ->
                manager.awaitJob(manager.retry(hosts.path("id").asLong()).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(disk));
        assertThat(disk.path("status").asText()).isEqualTo("FAILED");
        assertThat(disk.path("error_step").asText()).isEqualTo("preflight");
        assertThat(disk.path("error_message").asText()).contains("repository.uuid", "node4")
                .doesNotContain("hosts.loopback");
        jobSteps.put("node4 (refused: other disk)", ManagerUnderTest.stepSeconds(disk));

        // before any change: the pool, the members and node4 are as they were
        assertThat(manager.pool(poolId).path("generation").asLong()).isEqualTo(poolGeneration);
        for (Guest g : List.of(g0, g1, g2)) {
            ConfigStatus c = g.agent().config();
            assertThat(c.live().generation()).as("%s's live generation", g.name()).isEqualTo(generations.get(g.name()));
            assertThat(c.staged()).as("%s has nothing staged", g.name()).isNull();
            assertThat(g.execOk("ls /sys/kernel/config/cluster/ocfs2/node/")).doesNotContain("node4");
        }
        ConfigStatus c4 = g4.agent().config();
        assertThat(c4.live()).as("node4 has no configuration").isNull();
        assertThat(c4.staged()).isNull();
        assertThat(g4.execOk("grep -c ' ocfs2 ' /proc/mounts || true").strip()).isEqualTo("0");
        assertThat(manager.server(node4).path("status").asText()).isEqualTo("ERROR");
        // the refused server held no node number: removing it changes no node (204, no job)
        assertThat(manager.removeServer(node4, false).status()).isEqualTo(204);
        assertThat(manager.findServer(node4).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aServerRemovedGracefullyLeavesTheSurvivorsMountedAndTheirKernelsWithoutIt() {
        assumeSelected("removal");
        assumeThat(poolReady).as("the seed scenario built the pool").isTrue();
        scenario("graceful removal of node2", () -> onFailureDumpLogs(this::gracefulRemoval));
        node2Removed = true;
    }

    private void gracefulRemoval() {
        long node2 = serverIds.get("node2");
        List<Guest> survivors = List.of(g0, g1);
        Map<String, String> boots = bootIds(survivors);
        Map<String, String> mounts = mountInfos(survivors);
        for (Guest g : survivors) {
            assertThat(liveNodes(g)).as("%s's o2hb before the removal", g.name()).contains(2);
        }

        JsonNode plan = manager.planRemove(node2, false);
        assertThat(plan.path("refused").asBoolean()).as("plan refused: %s", plan.path("findings")).isFalse();
        assertThat(planSteps(plan)).containsExactly("allocate", "stage", "detach_repository", "stop_stack", "commit",
                "forget_pool");
        long t0 = System.nanoTime();
        ManagerUnderTest.Answer removal = manager.removeServer(node2, false);
        assertThat(removal.status()).as("%s", removal.body()).isEqualTo(202);
        JsonNode job = manager.awaitJob(removal.body().path("id").asLong(), JOB_LIMIT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        timings.record("node2: Remove Server (graceful)", Duration.ofMillis((long) (seconds * 1000)));
        System.out.println("[kvm] " + ManagerUnderTest.describe(job));
        assertRanThePlan(job, plan);
        jobSteps.put("remove node2 (graceful)", ManagerUnderTest.stepSeconds(job));
        assertThat(manager.findServer(node2).status()).as("node2 is forgotten").isEqualTo(404);
        serverIds.remove("node2");

        // what the kernels show: the survivors did not reboot nor remount, and no longer know node2
        for (Guest g : survivors) {
            assertThat(g.bootId()).as("%s did not reboot", g.name()).isEqualTo(boots.get(g.name()));
            assertThat(mountInfo(g)).as("%s stayed mounted (same mount)", g.name()).isEqualTo(mounts.get(g.name()));
            assertThat(configfsNodes(g)).as("%s's configfs nodes", g.name()).containsExactly("node0", "node1");
            assertThat(liveNodes(g)).as("%s's o2hb/livenodes", g.name()).containsExactly(0, 1);
            assertThat(g.execOk("cat /etc/ocfs2/cluster.conf")).as("%s's cluster.conf", g.name())
                    .contains("name = node0", "name = node1").doesNotContain("name = node2");
            printKernelAndDriver(g, "after the graceful removal");
        }
        // node2 left the cluster: unmounted, its stack offline
        assertThat(g2.execOk("grep -c ' ocfs2 ' /proc/mounts || true").strip()).as("node2's OCFS2 mounts")
                .isEqualTo("0");
        assertThat(g2.execOk("ls /sys/kernel/config/cluster/ 2>/dev/null || true").strip())
                .as("node2's registered clusters").isEmpty();
        assertThat(g2.execOk("test -e /etc/ocfs2/cluster.conf && echo present || echo gone").strip())
                .as("node2's agent forgot the pool: no cluster.conf").isEqualTo("gone");
        timings.time("survivors: write and read after the removal", () -> crossFiles(survivors, "after-removal"));
        facts.add(String.format(Locale.ROOT, "node2 removed gracefully in %.1f s (job %.1f s); node0/node1: boot ids"
                + " and mounts unchanged, configfs %s, o2hb/livenodes %s", seconds, ManagerUnderTest.jobSeconds(job),
                configfsNodes(g0), liveNodes(g0)));
    }

    @Test
    @Order(4)
    void aRemovedServerIsAddedAgain() {
        assumeSelected("readd");
        assumeThat(node2Removed).as("node2 was removed").isTrue();
        scenario("node2 added again after its removal", () -> onFailureDumpLogs(this::reAdd));
        node2Back = true;
    }

    private void reAdd() {
        List<Guest> members = List.of(g0, g1);
        Map<String, String> mounts = mountInfos(members);
        String boot2 = g2.bootId();
        JsonNode job = timings.time("node2: Add Server again", () ->
                manager.awaitJob(manager.addServer(POOL, g2).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(job));
        assertThat(job.path("status").asText()).as(ManagerUnderTest.describe(job)).isEqualTo("SUCCEEDED");
        jobSteps.put("node2 (added again)", ManagerUnderTest.stepSeconds(job));
        long node2 = job.path("server_id").asLong();
        serverIds.put("node2", node2);
        JsonNode server = manager.server(node2);
        assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(g2.bootId()).as("node2 did not reboot").isEqualTo(boot2);
        for (Guest g : members) {
            assertThat(mountInfo(g)).as("%s stayed mounted while node2 joined again", g.name())
                    .isEqualTo(mounts.get(g.name()));
        }
        List<Guest> pool3 = List.of(g0, g1, g2);
        for (Guest g : pool3) {
            assertOnTheVolume(g);
            assertThat(configfsNodes(g)).as("%s's configfs nodes", g.name()).containsExactly("node0", "node1", "node2");
        }
        timings.time("a file written on each guest is read on the others (node2 back)", () ->
                crossFiles(pool3, "readded"));
        facts.add("node2 added again as node " + server.path("node_number").asInt() + " in "
                + String.format(Locale.ROOT, "%.1f s", ManagerUnderTest.jobSeconds(job)) + "; mounted "
                + g2.execOk("mount | grep ' type ocfs2 '").strip());
    }

    @Test
    @Order(5)
    void aKilledGuestIsEvictedAndShownDeadWhileThePoolKeepsWorking() {
        assumeSelected("failure");
        assumeThat(node2Back).as("node2 is a member again").isTrue();
        scenario("failure: node2's QEMU killed", () -> onFailureDumpLogs(this::failure));
        node2Dead = true;
    }

    private void failure() {
        long node2 = serverIds.get("node2");
        assertThat(manager.server(node2).path("status").asText()).isEqualTo("ACTIVE");
        long killedAt = System.nanoTime();
        g2.kill();
        Duration limit = O2CB_TIMEOUT.plus(Duration.ofSeconds(10));
        double notActive = secondsUntil(killedAt, limit.plusSeconds(60), () ->
                !manager.server(node2).path("status").asText().equals("ACTIVE"));
        timings.record("node2 killed -> manager shows it not ACTIVE", Duration.ofMillis((long) (notActive * 1000)));
        assertThat(notActive).as("seconds until the manager showed node2 not ACTIVE (limit %s s)", limit.toSeconds())
                .isLessThanOrEqualTo(limit.toSeconds());
        // the survivors' kernels evict node2: o2hb no longer lists node number 2 on either
        double evicted = secondsUntil(killedAt, Duration.ofSeconds(90), () -> {
            for (Guest g : List.of(g0, g1)) {
                if (liveNodes(g).contains(2)) {
                    return false;
                }
            }
            return true;
        });
        timings.record("node2 killed -> evicted by node0's and node1's kernels (o2hb)",
                Duration.ofMillis((long) (evicted * 1000)));
        double error = secondsUntil(killedAt, Duration.ofSeconds(90), () ->
                manager.server(node2).path("status_reason").asText().contains("dead in the views"));
        timings.record("node2 killed -> manager: dead in the survivors' views", Duration.ofMillis((long) (error * 1000)));
        JsonNode server2 = manager.server(node2);
        System.out.println("[kvm] node2 in the manager: " + server2.path("status").asText() + ": "
                + server2.path("status_reason").asText());
        // not only unreachable (its agent is gone at once): the survivors' disk heartbeats say it is dead, within the
        // limit; a killed QEMU writes no fence record, so it is DEAD (FENCED needs a record newer than its last life)
        assertThat(server2.path("status").asText()).isEqualTo("DEAD");
        assertThat(server2.path("status_reason").asText()).contains("dead in the views of node0, node1");
        // the kernels decide (within their own bound plus TCG's slack); the manager follows them within its status
        // poll and the agents' answers — slow under TCG on a loaded host, so the bound is its own, not a sum
        assertThat(evicted).as("seconds until the survivors' kernels evicted node2 (limit %s s)", limit.toSeconds())
                .isLessThanOrEqualTo(limit.toSeconds());
        assertThat(error - evicted).as("seconds from the kernels' eviction until the manager showed node2 dead in the"
                + " survivors' views (limit %s s)", MANAGER_FOLLOWS.toSeconds())
                .isLessThanOrEqualTo(MANAGER_FOLLOWS.toSeconds());
        for (Guest g : List.of(g0, g1)) {
            String log = g.execOk("dmesg | grep -E 'o2net|o2hb|o2dlm|o2cb|ocfs2' | tail -8");
            System.out.println("[kvm] " + g.name() + " kernel:\n" + log);
            assertThat(log).as("%s's kernel log", g.name()).contains("No longer connected to node node2")
                    .contains("evicted node 2");
        }
        // the pool keeps working: both survivors ACTIVE, files cross between them
        timings.time("survivors: write and read after the eviction", () -> {
            g0.execOk("echo after-node2-died > /var/ovs/mount/" + uuid + "/after.txt && sync");
            assertThat(g1.execOk("cat /var/ovs/mount/" + uuid + "/after.txt").strip()).isEqualTo("after-node2-died");
            g1.execOk("echo node1-after > /var/ovs/mount/" + uuid + "/after1.txt && sync");
            assertThat(g0.execOk("cat /var/ovs/mount/" + uuid + "/after1.txt").strip()).isEqualTo("node1-after");
        });
        for (String name : List.of("node0", "node1")) {
            assertThat(manager.server(serverIds.get(name)).path("status").asText()).as(name).isEqualTo("ACTIVE");
        }
        facts.add(String.format(Locale.ROOT, "node2 killed: not ACTIVE after %.1f s, evicted by node0's and node1's"
                + " o2hb after %.1f s, DEAD (dead in their views) after %.1f s (limit %d s)", notActive, evicted, error,
                limit.toSeconds()));
    }

    @Test
    @Order(6)
    void aDeadServerIsRemovedByForce() {
        assumeSelected("forced-removal");
        assumeThat(node2Dead).as("node2 is DEAD").isTrue();
        scenario("forced removal of the dead node2", () -> onFailureDumpLogs(this::forcedRemoval));
        node2ForcedOut = true;
    }

    private void forcedRemoval() {
        long node2 = serverIds.get("node2");
        List<Guest> survivors = List.of(g0, g1);
        Map<String, String> boots = bootIds(survivors);
        Map<String, String> mounts = mountInfos(survivors);
        assertThat(manager.server(node2).path("status").asText()).isEqualTo("DEAD");
        for (Guest g : survivors) {
            assertThat(configfsNodes(g)).as("%s still registers the dead node2", g.name()).contains("node2");
        }

        JsonNode plan = manager.planRemove(node2, true);
        assertThat(plan.path("refused").asBoolean()).as("plan refused: %s", plan.path("findings")).isFalse();
        assertThat(planSteps(plan)).as("a dead server is not contacted").containsExactly("allocate", "stage", "commit");
        long t0 = System.nanoTime();
        ManagerUnderTest.Answer removal = manager.removeServer(node2, true);
        assertThat(removal.status()).as("%s", removal.body()).isEqualTo(202);
        JsonNode job = manager.awaitJob(removal.body().path("id").asLong(), JOB_LIMIT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        timings.record("node2: Remove Server (force)", Duration.ofMillis((long) (seconds * 1000)));
        System.out.println("[kvm] " + ManagerUnderTest.describe(job));
        assertRanThePlan(job, plan);
        jobSteps.put("remove node2 (forced)", ManagerUnderTest.stepSeconds(job));
        assertThat(manager.findServer(node2).status()).as("node2 is forgotten").isEqualTo(404);
        serverIds.remove("node2");

        for (Guest g : survivors) {
            assertThat(g.bootId()).as("%s did not reboot", g.name()).isEqualTo(boots.get(g.name()));
            assertThat(mountInfo(g)).as("%s stayed mounted (same mount)", g.name()).isEqualTo(mounts.get(g.name()));
            assertThat(g.execOk("cat /etc/ocfs2/cluster.conf")).as("%s's cluster.conf", g.name())
                    .contains("name = node0", "name = node1").doesNotContain("name = node2");
            assertThat(configfsNodes(g)).as("%s's configfs nodes", g.name()).containsExactly("node0", "node1");
            assertThat(liveNodes(g)).as("%s's o2hb/livenodes", g.name()).containsExactly(0, 1);
            printKernelAndDriver(g, "after the forced removal");
        }
        facts.add(String.format(Locale.ROOT, "dead node2 removed by force in %.1f s (job %.1f s); node0/node1:"
                + " cluster.conf and configfs %s, boot ids and mounts unchanged", seconds,
                ManagerUnderTest.jobSeconds(job), configfsNodes(g0)));
    }

    @Test
    @Order(7)
    void aNewServerReplacesTheRemovedOne() {
        assumeSelected("replacement");
        assumeThat(node2ForcedOut).as("the dead node2 was removed").isTrue();
        scenario("node3 added in node2's place", () -> onFailureDumpLogs(this::replacement));
        node3Added = true;
    }

    private void replacement() {
        List<Guest> members = List.of(g0, g1);
        Map<String, String> boots = bootIds(members);
        Map<String, String> mounts = mountInfos(members);
        JsonNode job = timings.time("node3: Add Server", () ->
                manager.awaitJob(manager.addServer(POOL, g3).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(job));
        assertThat(job.path("status").asText()).as(ManagerUnderTest.describe(job)).isEqualTo("SUCCEEDED");
        jobSteps.put("node3 (in node2's place)", ManagerUnderTest.stepSeconds(job));
        long node3 = job.path("server_id").asLong();
        serverIds.put("node3", node3);
        JsonNode server = manager.server(node3);
        assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
        for (Guest g : members) {
            assertThat(g.bootId()).as("%s did not reboot", g.name()).isEqualTo(boots.get(g.name()));
            assertThat(mountInfo(g)).as("%s stayed mounted while node3 joined", g.name())
                    .isEqualTo(mounts.get(g.name()));
        }
        List<Guest> pool3 = List.of(g0, g1, g3);
        for (Guest g : pool3) {
            assertOnTheVolume(g);
            assertThat(configfsNodes(g)).as("%s's configfs nodes", g.name()).containsExactly("node0", "node1", "node3");
            assertThat(g.execOk("mounted.ocfs2 -f " + DEVICE)).as("%s mounted.ocfs2 -f", g.name())
                    .contains("node0", "node1", "node3");
        }
        printKernelAndDriver(g0, "with node3");
        timings.time("a file written on each guest is read on the others (node0, node1, node3)", () ->
                crossFiles(pool3, "with-node3"));
        facts.add("node3 added in node2's place as node " + server.path("node_number").asInt() + " in "
                + String.format(Locale.ROOT, "%.1f s", ManagerUnderTest.jobSeconds(job)) + "; mounted "
                + g3.execOk("mount | grep ' type ocfs2 '").strip() + "; o2hb/livenodes on node0 " + liveNodes(g0));
    }

    @Test
    @Order(8)
    void theFifthServerOfAFourSlotVolumeIsRefusedThenAddedByGrowingItsSlots() {
        assumeSelected("grow-slots");
        assumeThat(node3Added).as("node3 replaced node2").isTrue();
        scenario("grow slots: the 5th server of a 4-slot volume", () -> onFailureDumpLogs(this::growSlots));
    }

    private void growSlots() {
        // --- node2 (killed in scenario 5) and node4 (another disk as /dev/vda until now) boot on the shared disk ---
        GuestSpec node4OnShared = new GuestSpec(4, "node4", shared, wire512, wire4k);
        timings.time("node2 and node4 booted again (node4 now sees the shared disk), agents started", () ->
                Parallel.run(() -> {
                    g2 = replace(g2, kvm.restart(g2));
                    g2.startAgent();
                }, () -> {
                    g4 = replace(g4, kvm.restart(g4, node4OnShared));
                    g4.startAgent();
                }));

        // --- node2 added again: four nodes on the volume's four slots ---
        List<Guest> members3 = List.of(g0, g1, g3);
        Map<String, String> mounts3 = mountInfos(members3);
        JsonNode fourth = timings.time("node2: Add Server (4 nodes, 4 slots)", () ->
                manager.awaitJob(manager.addServer(POOL, g2).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(fourth));
        assertThat(fourth.path("status").asText()).as(ManagerUnderTest.describe(fourth)).isEqualTo("SUCCEEDED");
        jobSteps.put("node2 (4th node on 4 slots)", ManagerUnderTest.stepSeconds(fourth));
        serverIds.put("node2", fourth.path("server_id").asLong());
        assertThat(mountInfos(members3)).as("node0, node1 and node3 stayed mounted while node2 joined")
                .isEqualTo(mounts3);
        List<Guest> members = List.of(g0, g1, g3, g2);
        for (Guest g : members) {
            assertOnTheVolume(g);
        }
        assertThat(slots(g0)).as("the volume's node slots (converted with max_nodes 4)").isEqualTo(4);

        // --- the pool is full at max_nodes 4; raising it changes no member ---
        long generation = manager.pool(poolId).path("generation").asLong();
        ManagerUnderTest.Answer full = manager.tryAddServer(POOL, g4);
        assertThat(full.status()).as("%s", full.body()).isEqualTo(400);
        assertThat(full.body().toString()).contains("4 of 4", "max_nodes");
        JsonNode raised = manager.patchPool(poolId, Map.of("max_nodes", 8));
        assertThat(raised.path("max_nodes").asInt()).isEqualTo(8);
        assertThat(raised.path("generation").asLong()).as("raising max_nodes is no new generation")
                .isEqualTo(generation);

        // --- what must not change when the 5th server is refused ---
        Map<String, Long> generations = new LinkedHashMap<>();
        for (Guest g : members) {
            generations.put(g.name(), g.agent().config().live().generation());
        }
        Map<String, String> boots = bootIds(List.of(g0, g1, g3, g2, g4));
        Map<String, String> mounts = mountInfos(members);

        // --- the kernel's tools: node slots cannot grow while the volume is mounted ---
        // (ocfs2-tools' op_set_slot_count has no TUNEFS_FLAG_ONLINE: tunefs.ocfs2 takes the cluster-wide superblock
        // lock, which any node's mount holds, and gives up; o2pool's plan therefore unmounts it on every member)
        ControlChannel.Result online = g0.exec("tunefs.ocfs2 -y -N 5 " + DEVICE);
        System.out.println("[kvm] node0: tunefs.ocfs2 -y -N 5 " + DEVICE + " while mounted on 4 nodes: exit "
                + online.exitCode() + ": " + online.output().strip());
        assertThat(online.ok()).as("tunefs.ocfs2 -N while mounted: %s", online.output()).isFalse();
        assertThat(online.output()).contains("Trylock failed");
        assertThat(slots(g0)).isEqualTo(4);

        // --- the 5th server without grow_slots: refused in preflight, nothing changed ---
        JsonNode refused = timings.time("node4: Add Server refused (5 nodes, 4 slots)", () ->
                manager.awaitJob(manager.addServer(POOL, g4).path("id").asLong(), JOB_LIMIT));
        System.out.println("[kvm] " + ManagerUnderTest.describe(refused));
        assertThat(refused.path("status").asText()).isEqualTo("FAILED");
        assertThat(refused.path("error_step").asText()).isEqualTo("preflight");
        assertThat(refused.path("error_message").asText()).contains("repository.slots",
                "volume " + DEVICE + " has 4 node slots", "pool " + POOL + " would have 5 nodes",
                "grow_slots: true", "tunefs.ocfs2 -N 5 " + DEVICE);
        jobSteps.put("node4 (refused: 5 nodes, 4 slots)", ManagerUnderTest.stepSeconds(refused));
        assertThat(manager.pool(poolId).path("generation").asLong()).isEqualTo(generation);
        for (Guest g : members) {
            ConfigStatus c = g.agent().config();
            assertThat(c.live().generation()).as("%s's live generation", g.name()).isEqualTo(generations.get(g.name()));
            assertThat(c.staged()).as("%s has nothing staged", g.name()).isNull();
            assertThat(configfsNodes(g)).as("%s's configfs nodes", g.name()).doesNotContain("node4");
        }
        assertThat(mountInfos(members)).as("every member stayed mounted (same mount)").isEqualTo(mounts);
        ConfigStatus c4 = g4.agent().config();
        assertThat(c4.live()).as("node4 has no configuration").isNull();
        assertThat(c4.staged()).isNull();
        assertThat(g4.execOk("grep -c ' ocfs2 ' /proc/mounts || true").strip()).isEqualTo("0");
        assertThat(slots(g4)).isEqualTo(4);
        long node4Refused = refused.path("server_id").asLong();
        assertThat(manager.removeServer(node4Refused, false).status()).isEqualTo(204);

        // --- the dry run with grow_slots: the grow_slots step before the rest ---
        JsonNode plan = manager.planAdd(POOL, g4, true);
        assertThat(plan.path("refused").asBoolean()).as("plan refused: %s", plan.path("findings")).isFalse();
        assertThat(planSteps(plan)).containsExactly("allocate", "grow_slots", "stage", "commit", "start_stack",
                "attach_repository", "wait_live");
        JsonNode grow = plan.path("steps").get(1);
        System.out.println("[kvm] plan step grow_slots: " + grow.path("description").asText());
        assertThat(grow.path("description").asText()).contains("from 4 to 5");
        List<String> memberNames = members.stream().map(Guest::name).toList();
        assertThat(effects(grow, "detach_repository")).containsExactlyInAnyOrderElementsOf(memberNames);
        assertThat(effects(grow, "grow_slots")).hasSize(1).first().isIn(memberNames);
        assertThat(effects(grow, "attach_repository")).containsExactlyInAnyOrderElementsOf(memberNames);
        grow.path("effects").forEach(e -> {
            if (e.path("effect").asText().equals("grow_slots")) {
                assertThat(e.path("slots").asInt()).isEqualTo(5);
            }
        });

        // --- with grow_slots: unmounted on every member, grown (tunefs.ocfs2 -N 5), mounted again, node4 added ---
        long t0 = System.nanoTime();
        JsonNode job = manager.awaitJob(manager.addServer(POOL, g4, true).path("id").asLong(), JOB_LIMIT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        timings.record("node4: Add Server with grow_slots (4 -> 5 slots)", Duration.ofMillis((long) (seconds * 1000)));
        System.out.println("[kvm] " + ManagerUnderTest.describe(job));
        assertRanThePlan(job, plan);
        jobSteps.put("node4 (5th node, grow_slots 4 -> 5)", ManagerUnderTest.stepSeconds(job));
        long node4 = job.path("server_id").asLong();
        serverIds.put("node4", node4);
        JsonNode server4 = manager.server(node4);
        assertThat(server4.path("status").asText()).isEqualTo("ACTIVE");

        List<Guest> five = List.of(g0, g1, g3, g2, g4);
        List<String> fiveNames = five.stream().map(Guest::name).toList();
        for (Guest g : five) {
            assertThat(slots(g)).as("%s: tunefs.ocfs2 -Q %%N", g.name()).isGreaterThanOrEqualTo(5);
        }
        String stats = g4.execOk("debugfs.ocfs2 -R stats " + DEVICE + " | grep -E 'Max Node Slots|Label|UUID:'");
        System.out.println("[kvm] node4: debugfs.ocfs2 -R stats:\n" + stats.strip());
        assertThat(stats).contains("Max Node Slots: 5");
        for (Guest g : five) {
            assertThat(g.bootId()).as("%s did not reboot", g.name()).isEqualTo(boots.get(g.name()));
            assertOnTheVolume(g);
            assertThat(configfsNodes(g)).as("%s's configfs nodes", g.name())
                    .containsExactlyInAnyOrderElementsOf(fiveNames);
            assertThat(g.execOk("mounted.ocfs2 -f " + DEVICE)).as("%s mounted.ocfs2 -f", g.name())
                    .contains(fiveNames.toArray(String[]::new));
        }
        for (Guest g : members) {
            assertThat(mountInfo(g)).as("%s's volume was unmounted and mounted again for the grow", g.name())
                    .isNotEqualTo(mounts.get(g.name()));
        }
        assertThat(g4.execOk("cat /var/ovs/mount/" + uuid + "/VirtualMachines/seed-vm.img").strip())
                .as("the seed VM's disk survived the grow").isEqualTo("vm-disk-of-seed-vm");
        printKernelAndDriver(g0, "with five nodes");
        for (Guest g : five) {
            System.out.println("[kvm] " + g.name() + " kernel lines of the grow: " + g.execOk("dmesg | grep -E"
                    + " 'sequence mismatch|dlm_send_mig_lockres_msg|not joined|Mounting device|Unmounting device'"
                    + " | tail -6 || true").strip());
        }
        timings.time("a file written on each guest is read on the others (5 nodes)", () ->
                crossFiles(five, "five-nodes"));
        Map<String, Double> steps = ManagerUnderTest.stepSeconds(job);
        facts.add(String.format(Locale.ROOT, "5th server of a 4-slot volume: refused in preflight (repository.slots)"
                + " in %.1f s, nothing changed; with grow_slots added as node %d in %.1f s (grow_slots step %.1f s:"
                + " unmount on 4, tunefs.ocfs2 -N 5, mount on 4), %s slots, 5 guests mounted heartbeat=local;"
                + " tunefs.ocfs2 -N 5 while mounted: exit %d, %s", ManagerUnderTest.jobSeconds(refused),
                server4.path("node_number").asInt(), seconds, steps.getOrDefault("grow_slots", Double.NaN),
                slots(g0), online.exitCode(), online.output().strip()));
    }

    /** Puts {@code now} (a guest booted again) in {@code old}'s place in the list the failure dumps read. */
    private synchronized Guest replace(Guest old, Guest now) {
        guests.replaceAll(g -> g == old ? now : g);
        return now;
    }

    /** The volume's node slots as ocfs2-tools reads them from the superblock ({@code s_max_slots}). */
    private static int slots(Guest g) {
        return Integer.parseInt(g.execOk("tunefs.ocfs2 -Q '%N\\n' " + DEVICE).strip());
    }

    /** The servers of a plan step's effects named {@code effect}, in order. */
    private static List<String> effects(JsonNode step, String effect) {
        List<String> servers = new ArrayList<>();
        step.path("effects").forEach(e -> {
            if (e.path("effect").asText().equals(effect)) {
                servers.add(e.path("server").asText());
            }
        });
        return servers;
    }

    @Test
    @Order(9)
    void aKernelNodeWhoseHeartbeatStallsIsWarnedOfFencedRecordedAndReSynced() {
        assumeSelected("fence");
        assumeThat(poolReady).as("the seed scenario built the pool").isTrue();
        assumeThat(serverIds).as("node2 is a member").containsKey("node2");
        scenario("fence: node2's heartbeat I/O stalled (dm suspend), warned, fenced, recorded, re-synced", () ->
                onFailureDumpLogs(this::fence));
    }

    private void fence() {
        List<Guest> survivors = new ArrayList<>();
        for (Guest g : List.of(g0, g1, g3, g4)) {
            Long id = serverIds.get(g.name());
            if (id != null && g.running() && manager.server(id).path("status").asText().equals("ACTIVE")) {
                survivors.add(g);
            }
        }
        FenceScenario fence = new FenceScenario(kvm, manager, uuid, g2, serverIds.get("node2"), survivors);
        try {
            fence.run();
        } finally {
            g2 = replace(g2, fence.victim());
            if (!fence.line().isEmpty()) {
                facts.add(fence.line());
            }
        }
    }

    @Test
    @Order(10)
    void wireAnO2poolUserspaceNodeJoinsTwoKernelNodes() {
        assumeSelected("wire");
        scenario("wire: o2pool userspace node among kernel nodes (512 + 4096-byte sectors)", () -> {
            // the pool's cluster goes: the kernel runs one o2cb cluster at a time, and the scenario needs its own
            timings.time("wire: the agents stopped, the pool's guests unmounted and offline", () -> Parallel.run(
                    () -> leavePool(g0), () -> leavePool(g1), () -> leavePool(g2), () -> leavePool(g3),
                    () -> leavePool(g4)));
            WireScenario wire = new WireScenario(kvm, g0, g3, g1, g4, wire512, wire4k);
            try {
                wire.run();
                wireResults = wire.results();
            } catch (RuntimeException | Error failure) {
                wire.dumpLogs(guests);
                throw failure;
            } finally {
                wire.stopUser(true);
            }
        });
    }

    /**
     * Stops the agent and takes the guest out of the pool's o2cb cluster (unmount, offline) if it is in it; nothing
     * for a guest whose QEMU is gone (node2 after scenario 5, when the scenarios that boot it again did not run).
     */
    private static void leavePool(Guest g) {
        if (!g.running()) {
            return;
        }
        g.stopAgent();
        leaveClusters(g);
    }

    /** {@code g} out of every o2cb cluster: left when it runs, booted again when its QEMU is gone. */
    private Guest clusterFree(Guest g) {
        if (g.running()) {
            leaveClusters(g);
            return g;
        }
        return replace(g, kvm.restart(g));
    }

    /** Unmounts every OCFS2 volume of {@code g} and takes every o2cb cluster registered there offline. */
    private static void leaveClusters(Guest g) {
        g.execOk("for m in $(awk '$3 == \"ocfs2\" {print $2}' /proc/mounts); do umount \"$m\" || exit 1; done;"
                + " for c in $(ls /sys/kernel/config/cluster 2>/dev/null); do /etc/init.d/o2cb offline \"$c\""
                + " > /dev/null || exit 1; done; left=$(ls /sys/kernel/config/cluster 2>/dev/null);"
                + " [ -z \"$left\" ] || { echo \"still registered: $left\"; exit 1; }");
    }

    @Test
    @Order(11)
    void partitionsKernelOnlyAndMixedClustersFenceTheSameNodes() {
        assumeSelected("partitions");
        scenario("partitions: kernel-only and mixed clusters fence the same nodes", () -> {
            // node0 still runs cluster wire, node1's QEMU was killed by it, node2 left the pool with the others
            // (a guest an earlier scenario left dead, e.g. node2 when the failure scenario failed, is booted again)
            timings.time("partitions: clusters down on node0 and node2, node1 booted again", () -> Parallel.run(
                    () -> g0 = clusterFree(g0), () -> g1 = clusterFree(g1), () -> g2 = clusterFree(g2)));
            PartitionScenario partitions = new PartitionScenario(kvm, List.of(g0, g1, g2));
            try {
                partitions.run();
            } catch (RuntimeException | Error failure) {
                partitions.dumpLogs();
                throw failure;
            } finally {
                partitions.stopUser();
                partitions.printResults();
                List<Guest> now = partitions.guests(); // fenced guests were booted again
                g0 = replace(g0, now.get(0));
                g1 = replace(g1, now.get(1));
                g2 = replace(g2, now.get(2));
            }
            partitions.assertTheKernelsRuleHeld();
        });
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Skips a scenario that {@code O2POOL_KVM_SCENARIOS} (a comma-separated list of seed, bad-input, removal, readd,
     * failure, forced-removal, replacement, grow-slots, fence, wire, partitions) leaves out; unset or empty: all run.
     * A scenario that needs an earlier one's pool is skipped by its own assumption when that one did not run.
     */
    private static void assumeSelected(String scenario) {
        String list = System.getenv("O2POOL_KVM_SCENARIOS");
        assumeThat(list == null || list.isBlank() || java.util.Arrays.stream(list.split(","))
                .map(String::strip).anyMatch(scenario::equals))
                .as("scenario %s selected by O2POOL_KVM_SCENARIOS=%s", scenario, list).isTrue();
    }

    private void scenario(String name, Runnable body) {
        long t0 = System.nanoTime();
        try {
            body.run();
        } finally {
            double s = (System.nanoTime() - t0) / 1e9;
            scenarios.put(name, s);
            timings.record("SCENARIO " + name, Duration.ofMillis((long) (s * 1000)));
        }
    }

    private void onFailureDumpLogs(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | Error failure) {
            for (Guest g : guests) {
                if (!g.running()) {
                    continue;
                }
                System.out.println("---- " + g + " agent log:\n" + safe(g::agentLog));
                System.out.println("---- " + g + " kernel log:\n" + safe(() -> g.exec("dmesg | tail -40").output()));
            }
            throw failure;
        }
    }

    /**
     * The job ran the dry run's plan, as e2e/pool's PlanIsWhatRunsE2ETest checks it: every step SUCCEEDED, the steps
     * after planning are the plan's, and the plan the job recorded is the one {@code POST /api/plan} showed.
     */
    private static void assertRanThePlan(JsonNode job, JsonNode dryRun) {
        assertThat(job.path("status").asText()).as(ManagerUnderTest.describe(job)).isEqualTo("SUCCEEDED");
        List<String> executed = new ArrayList<>();
        job.path("steps").forEach(s -> {
            executed.add(s.path("name").asText());
            assertThat(s.path("status").asText()).as("step %s", s.path("name").asText()).isEqualTo("SUCCEEDED");
        });
        assertThat(executed.subList(1, executed.size())).as("executed steps after planning")
                .isEqualTo(planSteps(dryRun));
        com.fasterxml.jackson.databind.node.ObjectNode shown = dryRun.deepCopy();
        shown.remove("action");
        assertThat(job.path("state").path("plan")).as("the plan the job recorded").isEqualTo(shown);
    }

    private static List<String> planSteps(JsonNode plan) {
        List<String> steps = new ArrayList<>();
        plan.path("steps").forEach(s -> steps.add(s.path("step").asText()));
        return steps;
    }

    /** {@code g} has the pool's volume mounted heartbeat=local at /var/ovs/mount/&lt;UUID&gt;. */
    private void assertOnTheVolume(Guest g) {
        String mount = g.execOk("mount | grep ' type ocfs2 '");
        assertThat(mount).as("%s mount", g.name())
                .contains(DEVICE + " on /var/ovs/mount/" + uuid + " type ocfs2 (rw,")
                .contains("_netdev").contains("heartbeat=local");
    }

    /** Each guest writes a file; every guest reads every file. */
    private void crossFiles(List<Guest> pool, String tag) {
        for (Guest writer : pool) {
            writer.execOk("echo " + tag + "-" + writer.name() + " > /var/ovs/mount/" + uuid + "/" + tag + "-"
                    + writer.name() + ".txt && sync");
        }
        for (Guest reader : pool) {
            for (Guest writer : pool) {
                assertThat(reader.execOk("cat /var/ovs/mount/" + uuid + "/" + tag + "-" + writer.name() + ".txt")
                        .strip()).as("%s reads the file of %s", reader.name(), writer.name())
                        .isEqualTo(tag + "-" + writer.name());
            }
        }
    }

    /** Prints {@code g}'s last cluster kernel lines and its agent's configfs node removals. */
    private static void printKernelAndDriver(Guest g, String when) {
        System.out.println("[kvm] " + g.name() + " " + when + ": kernel:\n"
                + g.execOk("dmesg | grep -E 'o2net|o2hb|o2dlm|o2cb|ocfs2' | tail -5").strip() + "\n  agent: "
                + g.execOk("cat /var/log/o2pool-agent.out /var/lib/o2pool/agent/logs/agent.log 2>/dev/null"
                + " | grep 'kernel stack: unregistered' | sort -u | tail -2 || true").strip());
    }

    /** The node directories of the pool's cluster in {@code g}'s configfs. */
    private static List<String> configfsNodes(Guest g) {
        String text = g.execOk("ls /sys/kernel/config/cluster/ocfs2/node/ 2>/dev/null || true").strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    private static Map<String, String> bootIds(List<Guest> guests) {
        Map<String, String> ids = new LinkedHashMap<>();
        guests.forEach(g -> ids.put(g.name(), g.bootId()));
        return ids;
    }

    private static Map<String, String> mountInfos(List<Guest> guests) {
        Map<String, String> lines = new LinkedHashMap<>();
        guests.forEach(g -> lines.put(g.name(), mountInfo(g)));
        return lines;
    }

    /** The node numbers o2hb sees live on {@code g} (debugfs). */
    private static List<Integer> liveNodes(Guest g) {
        String text = g.execOk("cat /sys/kernel/debug/o2hb/livenodes 2>/dev/null || true").strip();
        List<Integer> nodes = new ArrayList<>();
        for (String n : text.split("\\s+")) {
            if (n.matches("\\d+")) {
                nodes.add(Integer.parseInt(n));
            }
        }
        return nodes;
    }

    /**
     * The guest's OCFS2 mount: its mountinfo line and how many OCFS2 mounts its kernel logged since boot. The line alone
     * does not show a remount: the kernel gives a new mount the lowest free mount id, which is often the old one.
     */
    private static String mountInfo(Guest g) {
        return g.execOk("grep ' /var/ovs/mount/' /proc/self/mountinfo; echo \"OCFS2 mounts since boot: $(dmesg"
                + " | grep -c 'ocfs2: Mounting device')\"").strip();
    }

    private String summary() {
        StringBuilder sb = new StringBuilder("[kvm] scenarios: ");
        scenarios.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.1f s; ", k, v)));
        facts.forEach(f -> sb.append("\n[kvm] ").append(f));
        wireResults.forEach(r -> sb.append("\n[kvm] ").append(r.line()));
        sb.append("\n[kvm] Add Server and Remove Server steps (s):");
        jobSteps.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(ManagerUnderTest.table(v)));
        return sb.toString();
    }

    private static String safe(Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }
}
