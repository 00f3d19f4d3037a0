package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.VmStopResult;
import io.o2pool.agent.vm.ProcessVmDriver;
import io.o2pool.agent.vm.VmFence;
import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.fence.FenceRecord;
import io.o2pool.cluster.fence.FenceRecordStore;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.testkit.FakeClock;
import io.o2pool.testkit.FakeScheduler;
import io.o2pool.testkit.cluster.FakeTime;
import io.o2pool.testkit.cluster.MemoryNetwork;
import io.o2pool.testkit.cluster.MemoryRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The userspace driver's node on the testkit's fake time, in-memory region (whose writes can fail) and in-memory
 * network with no other host: a node that
 * fences itself (heartbeat write timeout) writes its fence record to the repository, then stops the server's VMs
 * (a real {@code sleep} process behind the process VM driver); a committed node is added to the running node
 * without a restart.
 */
class UserspaceFenceTest {
    private static final StackConfig.Node HOST03 = new StackConfig.Node("vm-host03", 0, "127.0.1.31", 7777);
    private static final StackConfig.Node HOST02 = new StackConfig.Node("vm-host02", 1, "127.0.1.32", 7777);

    @TempDir
    Path root;
    private final FakeScheduler scheduler = FakeScheduler.create();
    private final FakeTime time = new FakeTime(scheduler);
    private final MemoryRegion.NodeIo disk = new MemoryRegion().ioFor();
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<ClusterNode> built = new ArrayList<>();
    private Process vm;
    private UserspaceStackDriver driver;

    @AfterEach
    void cleanUp() {
        if (driver != null) {
            time.runImmediateWorkInline(true); // the clean stop runs at once instead of waiting for the scheduler
            driver.close();
        }
        if (vm != null) {
            vm.destroyForcibly();
        }
    }

    @Test
    void aFencedNodeStopsEveryVmAfterWritingItsFenceRecord() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Path fenceDir = UserspaceStackDriver.regionDir(repository, "ocfs2").resolve("fence");
        ProcessVmDriver vms = new ProcessVmDriver(root.resolve("vms"));
        vm = new ProcessBuilder("sleep", "600").start();
        vms.register("guest1", vm.pid());
        VmFence vmFence = new VmFence("vm-host03", vms);
        List<Path> recordsWhenStopping = new ArrayList<>();
        driver = new UserspaceStackDriver("vm-host03", FakeClock.atEpochOfSeed(), launcher(), () -> {
            recordsWhenStopping.addAll(list(fenceDir));
            vmFence.run();
        });

        assertThat(driver.fenceRecords("vm-host03", 20).note()).contains("no directory repository is attached");
        driver.online(config(HOST03));
        driver.repositoryAttached(repository);
        scheduler.advance(Duration.ofSeconds(10)); // steady after three good iterations
        assertThat(driver.view().state()).isEqualTo(StackState.HEARTBEATING);
        assertThat(vm.isAlive()).isTrue();
        assertThat(driver.fenceRecords("vm-host03", 20).records()).isEmpty();

        // the shared storage fails every write (EIO). A lone node whose writes merely hang approves its own wait
        // (o2hb_nego_timeout, kernel >= 4.7), but after a failed iteration nothing is negotiated: the write timeout
        // fences it, as the kernel's o2hb_write_timeout does
        disk.failWrites();
        scheduler.advance(Duration.ofSeconds(HeartbeatTiming.writeTimeoutMs(7) / 1000 + 2));

        assertThat(driver.view().state()).isEqualTo(StackState.FENCED);
        assertThat(vm.waitFor(10, TimeUnit.SECONDS)).as("the VM process is gone").isTrue();
        VmStopResult stopped = vmFence.lastResult();
        assertThat(stopped.failed()).isEmpty();
        assertThat(concat(stopped.stopped(), stopped.forced())).containsExactly("guest1");
        assertThat(vms.list()).isEmpty();
        // the record was on the shared repository before the VMs were touched
        assertThat(recordsWhenStopping).hasSize(1);
        List<FenceRecord> records = new FenceRecordStore(UserspaceStackDriver.regionDir(repository, "ocfs2")).readAll();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.node()).isEqualTo("vm-host03");
            assertThat(r.rule()).isEqualTo(FenceRule.WRITE_TIMEOUT);
        });
        // GET /v1/fence serves it from the same folder, with every field
        assertThat(driver.fenceRecords("vm-host03", 20).records()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("WRITE_TIMEOUT");
            assertThat(r.time()).isEqualTo(records.getFirst().time());
            assertThat(r.lastWriteLatenciesMs()).isEqualTo(records.getFirst().lastWriteLatenciesMs());
            assertThat(r.method()).isEqualTo("stop");
        });
    }

    @Test
    void aCommittedNodeIsAddedToTheRunningNodeWithoutARestart() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        driver = new UserspaceStackDriver("vm-host03", FakeClock.atEpochOfSeed(), launcher(), () -> { });
        driver.online(config(HOST03));
        driver.repositoryAttached(repository);
        scheduler.advance(Duration.ofSeconds(10));

        // the node's work runs on the test thread: the add the driver waits for happens at once
        time.runImmediateWorkInline(true);
        StackChange change = driver.apply(config(HOST03, HOST02));
        time.runImmediateWorkInline(false);

        assertThat(change.outcome()).isEqualTo(io.o2pool.agent.api.StackOutcome.NODES_ADDED);
        assertThat(change.message()).isEqualTo("added node vm-host02 (num 1) at 127.0.1.32:7777 to the running userspace node");
        assertThat(built).hasSize(1);
        assertThat(built.get(0).state()).isEqualTo(ClusterNode.State.RUNNING);
        assertThat(built.get(0).config().nodes()).extracting(n -> n.name()).containsExactly("vm-host03", "vm-host02");
        assertThat(driver.view().members()).extracting(m -> m.name()).containsExactly("vm-host03", "vm-host02");
        assertThat(driver.view().state()).isEqualTo(StackState.HEARTBEATING);
    }

    /** Nodes on the test's fake time and memory region; the fence action runs on the node's (test) thread. */
    private NodeLauncher launcher() {
        return (config, regionDir, listener, stopServices) -> {
            ClusterNode node = ClusterNode.builder(config).time(time)
                    .region(disk, "memory-region").transport(network.transportFor(HOST03.ipAddress()))
                    .fenceRecords(new FenceRecordStore(regionDir))
                    .stopServices(stopServices).fenceActionExecutor(Runnable::run).listener(listener).build();
            built.add(node);
            return node;
        };
    }

    private static StackConfig config(StackConfig.Node... nodes) {
        return new StackConfig("ocfs2", "local", List.of(nodes), 7, 30000, 2000, 2000, true);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
