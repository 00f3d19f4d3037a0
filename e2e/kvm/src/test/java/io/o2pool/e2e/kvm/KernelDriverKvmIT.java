package io.o2pool.e2e.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.agent.api.RepositoryMount;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfWriter;
import io.o2pool.ocfs2.conf.HeartbeatMode;
import io.o2pool.ocfs2.conf.Node;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code kernel} stack driver and repository service on the real kernel: two QEMU guests booting the
 * Debian kernel with ocfs2-tools form an o2cb cluster on one shared virtual disk, driven only through the agents' REST
 * API (the manager's {@link AgentClient}) from the host. Guest 0 alone: cluster of one, online, a local-mode volume
 * (mkfs.ocfs2 -M local) on its private disk converted to cluster mode, then the shared disk formatted in cluster mode
 * and mounted at /var/ovs/mount/&lt;UUID&gt;; then node1 is added to the running cluster (a new generation committed
 * on guest 0 registers it with the kernel) and guest 1 mounts while guest 0 stays mounted. Checked from inside the
 * guests: the mount table, mounted.ocfs2 -f, configfs and files crossing between them. Then both stop cleanly.
 */
class KernelDriverKvmIT {
    private static final String CLUSTER = "ocfs2";
    private static final String POOL = "kvm-pool";
    private static final String SHARED = "/dev/vda";
    private static final String PRIVATE = "/dev/vdb";

    @Test
    void kernelStackAddsANodeToARunningMountedClusterThroughTheAgentApi() throws Exception {
        Timings t = new Timings("kernel-driver");
        try (KvmHarness kvm = KvmHarness.create("kernel-driver", t)) {
            Path shared = kvm.newDisk("shared", 1024);
            Path private0 = kvm.newDisk("node0-local", 256);
            List<Guest> guests = kvm.boot(new GuestSpec(0, "node0", shared, private0), new GuestSpec(1, "node1", shared));
            Guest g0 = guests.get(0);
            Guest g1 = guests.get(1);
            try {
                run(kvm, g0, g1);
            } catch (Throwable failure) {
                for (Guest g : guests) {
                    System.out.println("---- " + g + " agent log:\n" + safe(g::agentLog));
                    System.out.println("---- " + g + " kernel log:\n"
                            + safe(() -> g.exec("dmesg | tail -60").output()));
                }
                throw failure;
            } finally {
                System.out.println(t.table());
            }
        }
    }

    private void run(KvmHarness kvm, Guest g0, Guest g1) {
        Timings t = kvm.timings();
        t.time("start both agents (JVM under TCG)", () -> Parallel.run(g0::startAgent, g1::startAgent));
        AgentClient a0 = g0.agent();
        AgentClient a1 = g1.agent();
        assertThat(a0.facts().stackDrivers()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("kernel");
            assertThat(d.available()).as("kernel driver: %s", d.reason()).isTrue();
        });

        // --- guest 0 alone: a cluster of one ---
        StageRequest gen1 = generation(1, List.of(g0));
        t.time("node0: stage + commit generation 1", () -> {
            assertThat(a0.stage(gen1).outcome()).isEqualTo(ChangeOutcome.STAGED);
            assertThat(a0.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        });
        assertThat(g0.execOk("cat /etc/default/o2cb")).contains("O2CB_ENABLED=true", "O2CB_BOOTCLUSTER=" + CLUSTER);
        ClusterView online0 = t.time("node0: cluster online (o2cb init script)", a0::online);
        assertThat(online0.state()).isEqualTo(StackState.ONLINE);
        assertThat(online0.members()).extracting(Member::name).containsExactly("node0");
        assertThat(g0.execOk("cat /sys/kernel/config/cluster/" + CLUSTER + "/idle_timeout_ms").strip())
                .isEqualTo(Integer.toString(O2cbDefaults.defaults().idleTimeoutMs()));

        // --- a local-mode volume (the seed's starting point) converted to cluster mode with o2cb online ---
        g0.execOk("mkfs.ocfs2 -q -F -M local -L local0 " + PRIVATE);
        RepositoryInfo local = t.time("node0: attach local-mode volume", () ->
                a0.attachRepository(new AttachRequest("ocfs2", PRIVATE, null)));
        assertThat(local.mode()).isEqualTo(RepositoryMode.LOCAL);
        assertThat(local.mount()).isEqualTo(RepositoryMount.HEARTBEAT_NONE);
        assertThat(local.mountPoint()).isEqualTo("/var/ovs/mount/" + local.uuid());
        g0.execOk("echo local-data > " + local.mountPoint() + "/vm.img");
        a0.detachRepository("ocfs2", PRIVATE);
        RepositoryInfo converted = t.time("node0: convert-to-cluster (tunefs.ocfs2 -M cluster -N 4)", () ->
                a0.convertToCluster(PRIVATE, 4));
        assertThat(converted.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(converted.slots()).isEqualTo(4);
        assertThat(converted.uuid()).isEqualTo(local.uuid());
        RepositoryInfo clustered = t.time("node0: mount the converted volume", () ->
                a0.attachRepository(new AttachRequest("ocfs2", PRIVATE, local.uuid())));
        assertThat(clustered.mount()).isEqualTo(RepositoryMount.HEARTBEAT_LOCAL);
        assertThat(g0.execOk("cat " + clustered.mountPoint() + "/vm.img").strip()).isEqualTo("local-data");
        assertThat(g0.execOk("tunefs.ocfs2 -Q '%M %N\\n' " + PRIVATE + " 2>&1 || true")).isNotNull();
        t.time("node0: detach the converted volume", () -> a0.detachRepository("ocfs2", PRIVATE));

        // --- the shared disk, formatted in cluster mode, mounted on node0 ---
        t.time("node0: mkfs.ocfs2 -N 4 (cluster mode) on the shared disk", () -> g0.execOk(
                "mkfs.ocfs2 -q -F -N 4 -L pool --cluster-stack=o2cb --cluster-name=" + CLUSTER + " " + SHARED));
        RepositoryInfo repo0 = t.time("node0: attach the shared repository (first mount)", () ->
                a0.attachRepository(new AttachRequest("ocfs2", SHARED, null)));
        String uuid = repo0.uuid();
        assertThat(repo0.mountPoint()).isEqualTo("/var/ovs/mount/" + uuid);
        assertThat(repo0.mount()).isEqualTo(RepositoryMount.HEARTBEAT_LOCAL);
        g0.execOk("echo seeded-by-node0 > /var/ovs/mount/" + uuid + "/seed.txt && sync");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            ClusterView v = a0.cluster();
            assertThat(v.state()).isEqualTo(StackState.HEARTBEATING);
            assertThat(v.members()).filteredOn(Member::alive).extracting(Member::name).containsExactly("node0");
        });

        // --- node1 added to the running, mounted cluster: generation 2 on both, committed on node0 first ---
        StageRequest gen2 = generation(2, List.of(g0, g1));
        t.time("stage generation 2 on node0 and node1", () -> {
            assertThat(a0.stage(gen2).outcome()).isEqualTo(ChangeOutcome.STAGED);
            assertThat(a1.stage(gen2).outcome()).isEqualTo(ChangeOutcome.STAGED);
        });
        ChangeResult commit0 = t.time("node0: commit generation 2 (kernel registers node1)", () -> a0.commit(2));
        assertThat(commit0.outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        assertThat(commit0.note()).contains("added node node1").doesNotContain("still lacks");
        assertThat(g0.execOk("cat /sys/kernel/config/cluster/" + CLUSTER + "/node/node1/num "
                + "/sys/kernel/config/cluster/" + CLUSTER + "/node/node1/ipv4_address")).contains("1", g1.clusterIp());
        assertThat(g0.execOk("grep ' /var/ovs/mount/' /proc/mounts")).contains(uuid); // node0 stayed mounted
        t.time("node1: commit generation 2", () -> assertThat(a1.commit(2).outcome()).isEqualTo(ChangeOutcome.COMMITTED));
        t.time("node1: cluster online", () -> assertThat(a1.online().state()).isEqualTo(StackState.ONLINE));
        RepositoryInfo repo1 = t.time("node1: attach the shared repository (joins the mounted volume)", () ->
                a1.attachRepository(new AttachRequest("ocfs2", SHARED, uuid)));
        assertThat(repo1.uuid()).isEqualTo(uuid);
        assertThat(repo1.mountPoint()).isEqualTo("/var/ovs/mount/" + uuid);
        assertThat(repo1.mount()).isEqualTo(RepositoryMount.HEARTBEAT_LOCAL);

        // --- what the kernel shows on both guests ---
        for (Guest g : List.of(g0, g1)) {
            String mount = g.execOk("mount | grep ' type ocfs2 '");
            assertThat(mount).as("%s mount", g.name())
                    .contains(SHARED + " on /var/ovs/mount/" + uuid + " type ocfs2 (rw,")
                    .contains("_netdev").contains("heartbeat=local");
        }
        t.time("both nodes see each other live (o2hb livenodes)", () -> await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    for (AgentClient a : List.of(a0, a1)) {
                        ClusterView v = a.cluster();
                        assertThat(v.state()).isEqualTo(StackState.HEARTBEATING);
                        assertThat(v.members()).filteredOn(Member::alive).extracting(Member::name)
                                .containsExactlyInAnyOrder("node0", "node1");
                        // o2net: each node is connected to the other, never to itself (o2net/connected_nodes)
                        assertThat(v.members()).filteredOn(Member::connected).extracting(Member::local)
                                .containsExactly(false);
                    }
                }));
        for (Guest g : List.of(g0, g1)) {
            System.out.println("[kvm] " + g.name() + ":\n" + g.execOk("mount | grep ' type ocfs2 '; mounted.ocfs2 -f "
                    + SHARED + "; echo \"o2hb livenodes: $(cat /sys/kernel/debug/o2hb/livenodes)\";"
                    + " echo \"o2net connected_nodes: $(cat /sys/kernel/debug/o2net/connected_nodes)\""));
            assertThat(g.execOk("mounted.ocfs2 -f " + SHARED)).as("%s mounted.ocfs2 -f", g.name())
                    .containsPattern(SHARED + "\\s+o2cb\\s+" + CLUSTER + "\\s+node0, node1|node1, node0");
        }
        t.time("files cross both ways", () -> {
            assertThat(g1.execOk("cat /var/ovs/mount/" + uuid + "/seed.txt").strip()).isEqualTo("seeded-by-node0");
            g1.execOk("echo written-on-node1 > /var/ovs/mount/" + uuid + "/from-node1.txt && sync");
            assertThat(g0.execOk("cat /var/ovs/mount/" + uuid + "/from-node1.txt").strip()).isEqualTo("written-on-node1");
        });
        assertThat(a0.repositories()).extracting(RepositoryInfo::mount).containsExactly(RepositoryMount.HEARTBEAT_LOCAL);

        // --- stop cleanly: unmount, o2cb offline; node1 first, node0 keeps running meanwhile ---
        t.time("node1: detach + offline", () -> {
            assertThat(a1.detachRepository("ocfs2", SHARED).mount()).isEqualTo(RepositoryMount.UNMOUNTED);
            assertThat(a1.offline().state()).isEqualTo(StackState.OFFLINE);
        });
        t.time("node0: detach + offline", () -> {
            a0.detachRepository("ocfs2", SHARED);
            assertThat(a0.offline().state()).isEqualTo(StackState.OFFLINE);
        });
        for (Guest g : List.of(g0, g1)) {
            assertThat(g.execOk("grep -c ' ocfs2 ' /proc/mounts || true").strip()).isEqualTo("0");
            assertThat(g.execOk("ls /sys/kernel/config/cluster 2>/dev/null | wc -l").strip()).isEqualTo("0");
        }
    }

    /** Generation {@code n}: the guests as nodes 0.. in order on port 7777, heartbeat local, o2cb enabled. */
    private static StageRequest generation(long n, List<Guest> nodes) {
        List<Node> list = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            list.add(new Node(nodes.get(i).name(), i, nodes.get(i).clusterIp(), 7777));
        }
        String conf = ConfWriter.toText(new ClusterConf(List.of(new Cluster(CLUSTER, HeartbeatMode.LOCAL, list.size(),
                list, List.of()))));
        String defaults = O2cbDefaultsWriter.render(O2cbDefaults.defaults().withEnabled(true).withBootCluster(CLUSTER));
        return StageRequest.of(n, POOL, conf, defaults);
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }
}
