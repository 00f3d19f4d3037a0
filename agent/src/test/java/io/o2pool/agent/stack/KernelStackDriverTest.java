package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.ScriptedCommandRunner;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.exec.CommandFailedException;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.testkit.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel driver's ocfs2-tools commands and configfs writes, checked against a scripted fake of {@code o2cb},
 * the init script and {@code mount}, with a directory standing in for configfs.
 */
class KernelStackDriverTest {
    static final String INIT = "/etc/init.d/o2cb";
    @TempDir
    Path root;
    Path configfs;
    Path clusterConf;
    ScriptedCommandRunner runner = new ScriptedCommandRunner();
    KernelStackDriver driver;
    final FakeClock clock = FakeClock.atEpochOfSeed();

    @BeforeEach
    void setUp() {
        configfs = root.resolve("configfs");
        clusterConf = root.resolve("etc/ocfs2/cluster.conf");
        driver = new KernelStackDriver(runner, new Configfs(configfs), Path.of(INIT), clusterConf, clock);
    }

    /** What {@code o2cb register-cluster} / the init script's online do to configfs: cluster, nodes, kernel default timeouts. */
    Function<List<String>, CommandResult> registers(StackConfig config, String localNode) {
        return command -> {
            try {
                Path cluster = configfs.resolve("cluster").resolve(config.clusterName());
                Files.createDirectories(cluster.resolve("heartbeat"));
                for (var entry : List.of("idle_timeout_ms=30000", "keepalive_delay_ms=2000", "reconnect_delay_ms=2000",
                        "heartbeat/dead_threshold=31")) {
                    String[] kv = entry.split("=");
                    if (!Files.exists(cluster.resolve(kv[0]))) {
                        Files.writeString(cluster.resolve(kv[0]), kv[1]);
                    }
                }
                for (StackConfig.Node node : config.nodes()) {
                    Path dir = Files.createDirectories(cluster.resolve("node").resolve(node.name()));
                    Files.writeString(dir.resolve("ipv4_port"), Integer.toString(node.ipPort()));
                    Files.writeString(dir.resolve("ipv4_address"), node.ipAddress());
                    Files.writeString(dir.resolve("num"), Integer.toString(node.number()));
                    Files.writeString(dir.resolve("local"), node.name().equals(localNode) ? "1" : "0");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(command, 0, "", "");
        };
    }

    static StackConfig config(int nodes, int threshold, int idle, int keepalive) {
        String o2cb = ConfigSamples.o2cb(threshold).replace("O2CB_IDLE_TIMEOUT_MS=30000", "O2CB_IDLE_TIMEOUT_MS=" + idle)
                .replace("O2CB_KEEPALIVE_DELAY_MS=2000", "O2CB_KEEPALIVE_DELAY_MS=" + keepalive);
        return ConfigSamples.stackConfig(ConfigSamples.clusterConf(nodes), o2cb);
    }

    String configfsValue(String relative) throws IOException {
        return Files.readString(configfs.resolve("cluster/ocfs2").resolve(relative));
    }

    @Test
    void onlineRunsTheInitScriptThenSetsTheTimeoutsInConfigfs() throws IOException {
        StackConfig config = config(1, 7, 5000, 1000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(config, "vm-host03"));
        assertThat(driver.state()).isEqualTo(StackState.OFFLINE);

        StackChange started = driver.online(config);

        runner.assertAllRun();
        assertThat(started.outcome()).isEqualTo(StackOutcome.STARTED);
        assertThat(started.message()).contains("set heartbeat/dead_threshold=7");
        assertThat(configfsValue("heartbeat/dead_threshold")).isEqualTo("7");
        assertThat(configfsValue("idle_timeout_ms")).isEqualTo("5000");
        assertThat(configfsValue("keepalive_delay_ms")).isEqualTo("1000");
        assertThat(configfsValue("reconnect_delay_ms")).isEqualTo("2000");
        ClusterView view = driver.view();
        assertThat(view.state()).isEqualTo(StackState.ONLINE);
        assertThat(view.members()).containsExactly(new Member(0, "vm-host03", "192.168.3.153", 7777, true, false, false));
    }

    @Test
    void onlineIsIdempotentAndRefusesAnotherCluster() throws IOException {
        StackConfig config = config(1, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(config, "vm-host03"));
        assertThat(driver.online(config).outcome()).isEqualTo(StackOutcome.STARTED);
        assertThat(driver.online(config).outcome()).isEqualTo(StackOutcome.ALREADY_ONLINE);
        runner.assertAllRun();
        StackConfig other = ConfigSamples.stackConfig(ConfigSamples.clusterConf(1).replace("ocfs2", "other"),
                ConfigSamples.o2cb(31).replace("O2CB_BOOTCLUSTER=ocfs2", "O2CB_BOOTCLUSTER=other"));
        assertThatThrownBy(() -> driver.online(other)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("cluster 'ocfs2' is registered");
    }

    @Test
    void aCommittedNodeIsRegisteredWithTheLiveClusterByO2cbRegisterCluster() throws IOException {
        StackConfig one = config(1, 31, 30000, 2000);
        StackConfig two = config(2, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(one, "vm-host03"))
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(two, "vm-host03"));
        driver.online(one);
        List<ClusterView> events = new ArrayList<>();
        driver.subscribe(events::add);

        StackChange change = driver.apply(two);

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.NODES_ADDED);
        assertThat(change.message()).contains("registered the nodes of cluster.conf with the running cluster ocfs2 (added node"
                + " vm-host02 (num 1) at 192.168.3.152:7777)");
        assertThat(driver.view().members()).extracting(Member::name).containsExactly("vm-host02", "vm-host03");
        assertThat(events).last().satisfies(v -> assertThat(v.members()).hasSize(2));
    }

    @Test
    void timeoutsAreNotChangedWhileHeartbeatingAndTheNoteSaysSo() throws IOException {
        StackConfig config = config(1, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(config, "vm-host03"))
                .expect(List.of("mount", "-t", "ocfs2", "-o", "_netdev", "/dev/sdc1", "/var/ovs/mount/ABC"), command -> {
                    try {
                        Files.createDirectories(configfs.resolve("cluster/ocfs2/heartbeat/ABC"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new CommandResult(command, 0, "", "");
                });
        driver.online(config);
        driver.mount("/dev/sdc1", Path.of("/var/ovs/mount/ABC"));
        assertThat(driver.state()).isEqualTo(StackState.HEARTBEATING);
        runner.expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(config, "vm-host03"));

        StackChange change = driver.apply(config(1, 61, 30000, 2000));

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.DEFERRED);
        assertThat(change.message()).contains("timeouts not changed while heartbeating (O2CB_HEARTBEAT_THRESHOLD 31 -> 61)");
        assertThat(configfsValue("heartbeat/dead_threshold")).isEqualTo("31");
        assertThatThrownBy(() -> driver.offline(config)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("unmount the OCFS2 repository");
    }

    @Test
    void raisingTheKeepaliveAboveTheOldIdleTimeoutWritesTheIdleTimeoutFirst() throws IOException {
        StackConfig small = config(1, 7, 5000, 1000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(small, "vm-host03"));
        driver.online(small);
        Files.writeString(configfs.resolve("cluster/ocfs2/idle_timeout_ms"), "5000");
        runner.expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(small, "vm-host03"));

        assertThat(driver.apply(config(1, 7, 60000, 10000)).outcome()).isEqualTo(StackOutcome.TIMEOUTS_CHANGED);

        assertThat(configfsValue("idle_timeout_ms")).isEqualTo("60000");
        assertThat(configfsValue("keepalive_delay_ms")).isEqualTo("10000");
    }

    @Test
    void applyWhileOfflineRunsNothingAndOfflineRunsTheInitScript() throws IOException {
        StackConfig config = config(1, 31, 30000, 2000);
        StackChange offline = driver.apply(config);
        assertThat(offline.outcome()).isEqualTo(StackOutcome.APPLIES_WHEN_ONLINE);
        assertThat(offline.message()).contains("OFFLINE");
        assertThat(driver.offline(config).outcome()).isEqualTo(StackOutcome.ALREADY_OFFLINE);
        runner.assertAllRun();
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(config, "vm-host03"))
                .expect(List.of(INIT, "offline", "ocfs2"), command -> {
                    try (var walk = Files.walk(configfs.resolve("cluster"))) {
                        walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(configfs.resolve("cluster")))
                                .forEach(p -> p.toFile().delete());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new CommandResult(command, 0, "", "");
                });
        driver.online(config);
        assertThat(driver.offline(config).outcome()).isEqualTo(StackOutcome.STOPPED);
        runner.assertAllRun();
        assertThat(driver.state()).isEqualTo(StackState.OFFLINE);
    }

    @Test
    void aNodeTheRegistrationDidNotAddIsNamedInTheNote() throws IOException {
        StackConfig one = config(1, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(one, "vm-host03"))
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(one, "vm-host03"));
        driver.online(one);

        StackChange change = driver.apply(config(2, 31, 30000, 2000));

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.INCOMPLETE);
        assertThat(change.message()).contains("configfs still lacks node vm-host02 (num 1) at 192.168.3.152:7777 after o2cb "
                + "register-cluster; check `o2cb list-nodes ocfs2`");
    }

    /** What {@code rmdir <configfs>/cluster/ocfs2/node/<node>} does: the kernel drops the node's directory. */
    Function<List<String>, CommandResult> unregisters(String node) {
        return command -> {
            try (var walk = Files.walk(configfs.resolve("cluster/ocfs2/node").resolve(node))) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(command, 0, "", "");
        };
    }

    /** A driver reading liveness from {@code debugfs}, pausing with {@code pause}; the cluster of three online and heartbeating. */
    Path threeHeartbeating(io.o2pool.agent.exec.Pause pause, String liveNodes) throws IOException {
        Path debugfs = root.resolve("debugfs");
        driver = new KernelStackDriver(runner, new Configfs(configfs), Path.of(INIT), clusterConf, clock,
                new O2hbLiveNodes(debugfs), pause);
        StackConfig three = config(3, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(three, "vm-host03"));
        driver.online(three);
        Files.createDirectories(configfs.resolve("cluster/ocfs2/heartbeat/ABC")); // mount.ocfs2 started a region
        Files.createDirectories(debugfs.resolve("o2hb"));
        Files.writeString(debugfs.resolve("o2hb/livenodes"), liveNodes);
        return debugfs.resolve("o2hb/livenodes");
    }

    String rmdir(String node) {
        return configfs.resolve("cluster/ocfs2/node").resolve(node).toString();
    }

    @Test
    void aNodeNoLongerInClusterConfIsUnregisteredFromConfigfsOnceTheHeartbeatSeesItGone() throws IOException {
        threeHeartbeating(d -> { throw new AssertionError("no wait: node 2 is not live"); }, "0 1 \n");
        StackConfig two = config(2, 31, 30000, 2000);
        runner.expect(List.of("rmdir", rmdir("vm-host04")), unregisters("vm-host04"))
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(two, "vm-host03"));

        StackChange change = driver.apply(two);

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.NODES_ADDED);
        assertThat(change.message()).isEqualTo("registered the nodes of cluster.conf with the running cluster ocfs2"
                + " (removed node vm-host04 (num 2)).");
        assertThat(driver.view().members()).extracting(Member::name).containsExactly("vm-host02", "vm-host03");
    }

    @Test
    void aRemovedNodeThatJustStoppedIsWaitedForUntilTheHeartbeatDropsIt() throws IOException {
        List<Duration> pauses = new ArrayList<>();
        Path[] live = new Path[1];
        live[0] = threeHeartbeating(d -> {
            pauses.add(d);
            clock.advance(d);
            if (pauses.size() == 3) { // its generation-0 block was sampled: o2hb drops it
                try {
                    Files.writeString(live[0], "0 1 \n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "0 1 2 \n");
        StackConfig two = config(2, 31, 30000, 2000);
        runner.expect(List.of("rmdir", rmdir("vm-host04")), unregisters("vm-host04"))
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(two, "vm-host03"));

        StackChange change = driver.apply(two);

        runner.assertAllRun();
        assertThat(pauses).hasSize(3).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(200)));
        assertThat(change.outcome()).isEqualTo(StackOutcome.NODES_ADDED);
        assertThat(change.message()).contains("removed node vm-host04 (num 2)");
    }

    @Test
    void aRemovedNodeStillLiveInTheHeartbeatStaysRegisteredAndTheNoteSaysWhy() throws IOException {
        threeHeartbeating(d -> clock.advance(d), "0 1 2 \n");
        StackConfig two = config(2, 31, 30000, 2000);
        runner.expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(two, "vm-host03"));

        StackChange change = driver.apply(two);

        runner.assertAllRun(); // no rmdir: o2hb would ignore the slot of a node configfs no longer lists
        assertThat(change.outcome()).isEqualTo(StackOutcome.DEFERRED);
        assertThat(change.message()).contains("node vm-host04 (num 2) is no longer in cluster.conf but the disk"
                + " heartbeat still sees it live after 6 s: not removed from the running cluster")
                .contains("stop its stack, then it leaves at the next commit, or at the next online");
        assertThat(driver.view().members()).extracting(Member::name)
                .containsExactly("vm-host02", "vm-host03", "vm-host04");
    }

    @Test
    void withoutTheHeartbeatsViewAHeartbeatingStackKeepsARemovedNode() throws IOException {
        StackConfig three = config(3, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(three, "vm-host03"));
        driver.online(three); // the driver without debugfs
        Files.createDirectories(configfs.resolve("cluster/ocfs2/heartbeat/ABC"));
        StackConfig two = config(2, 31, 30000, 2000);
        runner.expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(two, "vm-host03"));

        StackChange change = driver.apply(two);

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.DEFERRED);
        assertThat(change.message()).contains("node vm-host04 (num 2) is no longer in cluster.conf but its liveness is"
                + " unknown (o2hb/livenodes in debugfs cannot be read)");
    }

    @Test
    void anOnlineStackThatDoesNotHeartbeatUnregistersARemovedNodeAtOnceButNeverItself() throws IOException {
        StackConfig three = config(3, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(three, "vm-host03"));
        driver.online(three); // no region: this node's heartbeat tracks no one
        // a cluster.conf without vm-host04 and without this node (vm-host03)
        StackConfig others = new StackConfig("ocfs2", "local",
                List.of(new StackConfig.Node("vm-host02", 1, "192.168.3.152", 7777)), 31, 30000, 2000, 2000, true);
        runner.expect(List.of("rmdir", rmdir("vm-host04")), unregisters("vm-host04"))
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(others, "vm-host03"));

        StackChange change = driver.apply(others);

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.DEFERRED);
        assertThat(change.message()).contains("(removed node vm-host04 (num 2))")
                .contains("node vm-host03 (num 0) is no longer in cluster.conf but is this node: it stays registered"
                        + " until the stack goes offline");
        assertThat(driver.view().members()).extracting(Member::name).containsExactly("vm-host02", "vm-host03");
    }

    @Test
    void aNodeRegisteredWithAnotherAddressIsUnregisteredAndRegisteredAgain() throws IOException {
        threeHeartbeating(d -> { throw new AssertionError("no wait: node 2 is not live"); }, "0 1 \n");
        Files.writeString(configfs.resolve("cluster/ocfs2/node/vm-host04/ipv4_address"), "192.168.3.199");
        StackConfig three = config(3, 31, 30000, 2000);
        runner.expect(List.of("rmdir", rmdir("vm-host04")), unregisters("vm-host04"))
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(three, "vm-host03"));

        StackChange change = driver.apply(three);

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.NODES_ADDED);
        assertThat(change.message()).contains("(added node vm-host04 (num 2) at 192.168.3.154:7777; removed node"
                + " vm-host04 (num 2))");
        assertThat(configfsValue("node/vm-host04/ipv4_address")).isEqualTo("192.168.3.154");
    }

    @Test
    void aNodeTheKernelDoesNotUnregisterIsNamedInTheNote() throws IOException {
        threeHeartbeating(d -> { throw new AssertionError("no wait: node 2 is not live"); }, "0 1 \n");
        StackConfig two = config(2, 31, 30000, 2000);
        runner.expectFailure(List.of("rmdir", rmdir("vm-host04")), 1, "rmdir: failed to remove '" + rmdir("vm-host04")
                        + "': Device or resource busy")
                .expect(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", "ocfs2"), registers(two, "vm-host03"));

        StackChange change = driver.apply(two);

        runner.assertAllRun();
        assertThat(change.outcome()).isEqualTo(StackOutcome.DEFERRED);
        assertThat(change.message()).contains("node vm-host04 (num 2) is no longer in cluster.conf but the kernel did"
                + " not unregister it: `rmdir " + rmdir("vm-host04") + "` exited 1").contains("Device or resource busy");
    }

    @Test
    void perNodeLivenessComesFromTheHeartbeatsLiveNodesInDebugfs() throws IOException {
        Path debugfs = root.resolve("debugfs");
        driver = new KernelStackDriver(runner, new Configfs(configfs), Path.of(INIT), clusterConf, clock,
                new O2hbLiveNodes(debugfs));
        StackConfig three = config(3, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(three, "vm-host03"));
        driver.online(three);
        Files.createDirectories(configfs.resolve("cluster/ocfs2/heartbeat/ABC")); // mount.ocfs2 started a region
        assertThat(driver.view().members()).extracting(Member::name, Member::alive)
                .containsExactly(tuple("vm-host02", false), tuple("vm-host03", true), tuple("vm-host04", false));

        Files.createDirectories(debugfs.resolve("o2hb"));
        Files.writeString(debugfs.resolve("o2hb/livenodes"), "0 1 \n");

        assertThat(driver.view().members()).extracting(Member::name, Member::alive)
                .containsExactly(tuple("vm-host02", true), tuple("vm-host03", true), tuple("vm-host04", false));
        assertThat(driver.view().state()).isEqualTo(StackState.HEARTBEATING);
    }

    @Test
    void connectionsComeFromO2netsConnectedNodesInDebugfsAndNeverIncludeTheLocalNode() throws IOException {
        Path debugfs = root.resolve("debugfs");
        driver = new KernelStackDriver(runner, new Configfs(configfs), Path.of(INIT), clusterConf, clock,
                new O2hbLiveNodes(debugfs));
        StackConfig three = config(3, 31, 30000, 2000);
        runner.expect(List.of(INIT, "online", "ocfs2"), registers(three, "vm-host03"));
        driver.online(three);
        Files.createDirectories(debugfs.resolve("o2net"));
        Files.writeString(debugfs.resolve("o2net/connected_nodes"), "1 \n");
        assertThat(driver.view().members()).extracting(Member::name, Member::connected) // not heartbeating: no peers
                .containsExactly(tuple("vm-host02", false), tuple("vm-host03", false), tuple("vm-host04", false));

        Files.createDirectories(configfs.resolve("cluster/ocfs2/heartbeat/ABC"));
        Files.createDirectories(debugfs.resolve("o2hb"));
        Files.writeString(debugfs.resolve("o2hb/livenodes"), "0 1 2 \n");
        Files.writeString(debugfs.resolve("o2net/connected_nodes"), "0 1 \n"); // 0 is this node: never "connected"

        assertThat(driver.view().members()).extracting(Member::name, Member::alive, Member::connected)
                .containsExactly(tuple("vm-host02", true, true), tuple("vm-host03", true, false),
                        tuple("vm-host04", true, false));
    }

    @Test
    void aFailingToolIsReportedWithItsCommandAndMessage() {
        runner.expectFailure(List.of(INIT, "online", "ocfs2"), 1,
                "o2cb: Unable to access cluster service while initializing the cluster");
        assertThatThrownBy(() -> driver.online(config(1, 31, 30000, 2000))).isInstanceOf(CommandFailedException.class)
                .hasMessage("`/etc/init.d/o2cb online ocfs2` exited 1: o2cb: Unable to access cluster service while "
                        + "initializing the cluster");
    }
}
