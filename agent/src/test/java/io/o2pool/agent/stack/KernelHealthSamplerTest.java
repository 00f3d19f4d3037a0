package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel driver's heartbeat sampler on directories standing in for configfs and debugfs, filled with what node0
 * of the forensics cluster showed (forensics.md §1.1-§1.3: {@code o2net/sock_containers} and the
 * {@code debugfs.ocfs2 -R hb} output are the captured files), one sample per fake second: node1's on-disk
 * {@code seq} stops changing and node0 warns that it is stale before the dead threshold.
 */
class KernelHealthSamplerTest {
    private static final String REGION = "36B2BB30DF4540F9BB3C66A7B54C2F37";
    @TempDir
    Path root;
    Path configfs;
    Path debugfs;
    final AtomicLong monotonicNanos = new AtomicLong(30_000_000_000L);
    final List<List<String>> commands = new ArrayList<>();
    long node0Seq = 0x6b12ff4aL;
    long node1Seq = 0x6b12ff49L;

    @BeforeEach
    void kernelFiles() throws IOException {
        configfs = root.resolve("configfs");
        Path cluster = configfs.resolve("cluster/probecl");
        write(cluster.resolve("heartbeat/dead_threshold"), "7\n");
        write(cluster.resolve("heartbeat/" + REGION + "/dev"), "dm-0\n");
        write(cluster.resolve("node/node0/num"), "0\n");
        write(cluster.resolve("node/node0/local"), "1\n");
        write(cluster.resolve("node/node1/num"), "1\n");
        write(cluster.resolve("node/node1/local"), "0\n");
        debugfs = root.resolve("debugfs");
        write(debugfs.resolve("o2hb/livenodes"), "0 1 \n");
        write(debugfs.resolve("o2net/connected_nodes"), "1 \n");
        write(debugfs.resolve("o2net/sock_containers"), resource("o2net-sock_containers.txt"));
    }

    private KernelHealthSampler sampler() {
        return new KernelHealthSampler(new Configfs(configfs), new O2hbLiveNodes(debugfs), command -> {
            commands.add(command);
            String hb = "\tnode: node              seq       generation checksum deadms\n"
                    + String.format("\t   0:    0 %016x 86092e2b3b74f9bd ce892570  14000%n", node0Seq)
                    + String.format("\t   1:    1 %016x cc48e068dfae8a42 75d74042  14000%n", node1Seq);
            return new CommandResult(command, 0, hb, "");
        }, FakeClock.atEpochOfSeed(), monotonicNanos::get);
    }

    @Test
    void aPeerWhoseSeqStopsChangingIsStaleBeforeTheDeadThresholdAndTheLinkShowsItsLastMessage() throws IOException {
        KernelHealthSampler sampler = sampler();
        assertThat(sampler.report().level()).isEqualTo("UNKNOWN");
        Path elapsed = debugfs.resolve("o2hb/" + REGION + "/elapsed_time_in_ms");
        for (int second = 0; second <= 10; second++) {
            write(elapsed, (second % 2 == 0 ? 200 : 1200) + "\n"); // node0's own writes: a 2-s sawtooth
            node0Seq += second % 2 == 0 ? 2 : 0;
            if (second <= 2) {
                node1Seq += 1; // node1 writes until t=2 s, then its disk stalls
            }
            sampler.sample();
            if (second < 10) {
                monotonicNanos.addAndGet(1_000_000_000L);
            }
        }
        assertThat(commands).allMatch(c -> c.equals(List.of("debugfs.ocfs2", "-R", "hb", "/dev/dm-0")));
        HeartbeatReport r = sampler.report();
        assertThat(r.driver()).isEqualTo("kernel");
        assertThat(r.node()).isEqualTo("node0");
        assertThat(r.own().writeTimeoutMs()).isEqualTo(12_000);
        assertThat(r.own().msSinceLastGoodWrite()).isEqualTo(200);
        assertThat(r.own().maxMs()).as("2-s gaps between completed writes").isEqualTo(2_000);
        assertThat(r.own().p50Ms()).isNull();
        assertThat(r.peers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("node1");
            assertThat(p.live()).isTrue();
            assertThat(p.lastChangeAgeMs()).isEqualTo(8_000);
            assertThat(p.deadBoundMs()).isEqualTo(14_000);
            assertThat(p.connection()).isEqualTo("CONNECTED");
            assertThat(p.lastMessageAgeMs()).as("sock_containers is not read: each read logs a kernel warning")
                    .isNull();
        });
        assertThat(r.level()).isEqualTo("WARNING");
        assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo("heartbeat.peer-stale"));
        assertThat(r.note()).startsWith("sampled every second from debugfs").doesNotContain("not readable");
    }

    @Test
    void whatCannotBeReadIsUnknownAndSaid() throws IOException {
        KernelHealthSampler sampler = new KernelHealthSampler(new Configfs(configfs), new O2hbLiveNodes(debugfs),
                command -> new CommandResult(command, 1, "", "debugfs.ocfs2: No such file"), FakeClock.atEpochOfSeed(),
                monotonicNanos::get);
        sampler.sample();
        HeartbeatReport r = sampler.report();
        assertThat(r.own().msSinceLastGoodWrite()).isNull();
        assertThat(r.note()).contains("not readable: elapsed_time_in_ms, the on-disk heartbeat of /dev/dm-0 (direct "
                + "read: configfs shows no start_block/block_bytes/blocks; debugfs.ocfs2 -R hb exited 1)");
        Files.delete(configfs.resolve("cluster/probecl/heartbeat/" + REGION + "/dev"));
        Files.delete(configfs.resolve("cluster/probecl/heartbeat/" + REGION));
        sampler.sample();
        assertThat(sampler.report().level()).isEqualTo("UNKNOWN");
        assertThat(sampler.report().note()).isEqualTo("no heartbeat region: the repository is not mounted");
    }

    @Test
    void theSlotsAreReadStraightFromTheDeviceAtTheGeometryConfigfsShowsWithoutRunningAnything() throws IOException {
        Path region = configfs.resolve("cluster/probecl/heartbeat/" + REGION);
        write(region.resolve("start_block"), "2184\n");
        write(region.resolve("block_bytes"), "512\n");
        write(region.resolve("blocks"), "255\n");
        write(debugfs.resolve("o2hb/" + REGION + "/elapsed_time_in_ms"), "172\n");
        List<String> reads = new ArrayList<>();
        KernelHealthSampler sampler = new KernelHealthSampler(new Configfs(configfs), new O2hbLiveNodes(debugfs),
                command -> {
                    throw new AssertionError("no command expected: " + command);
                }, FakeClock.atEpochOfSeed(), monotonicNanos::get, (device, start, bytes, blocks) -> {
                    reads.add(device + " " + start + " " + bytes + " " + blocks);
                    return java.util.Map.of(1, new io.o2pool.agent.stack.kernel.SlotAges.Slot(1, 1, node1Seq++, 7L,
                            14_000));
                });
        sampler.sample();
        monotonicNanos.addAndGet(1_000_000_000L);
        sampler.sample();
        assertThat(reads).containsExactly("/dev/dm-0 2184 512 255", "/dev/dm-0 2184 512 255");
        assertThat(sampler.report().peers().getFirst().lastChangeAgeMs()).isZero();
        assertThat(sampler.report().note()).doesNotContain("not readable");
    }

    /**
     * A stalled shared disk (forensics.md §2.3: {@code dmsetup suspend --noflush --nolockfs}) blocks every read of it
     * in the kernel until the I/O returns — the sampler's read of the slots too. The samples of
     * {@code elapsed_time_in_ms} that show the stall must go on and be reported; the blocked read is said to be so and
     * no second one is started while it is outstanding.
     */
    @Test
    void aDeviceReadThatDoesNotReturnHoldsUpNeitherTheElapsedSamplesNorTheReport() throws Exception {
        Path region = configfs.resolve("cluster/probecl/heartbeat/" + REGION);
        write(region.resolve("start_block"), "2184\n");
        write(region.resolve("block_bytes"), "512\n");
        write(region.resolve("blocks"), "255\n");
        Path elapsed = debugfs.resolve("o2hb/" + REGION + "/elapsed_time_in_ms");
        java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        try (KernelHealthSampler sampler = new KernelHealthSampler(new Configfs(configfs),
                new O2hbLiveNodes(debugfs), command -> {
                    throw new AssertionError("no command expected: " + command);
                }, FakeClock.atEpochOfSeed(), monotonicNanos::get, (device, start, bytes, blocks) -> {
                    if (reads.incrementAndGet() > 2) {
                        try {
                            stalled.await(); // the disk stalls after two reads: blocked until the test ends
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    return java.util.Map.of(1, new io.o2pool.agent.stack.kernel.SlotAges.Slot(1, 1, node1Seq++, 7L,
                            14_000)); // node1 writes: its seq changes at every read
                })) {
            write(elapsed, "500\n");
            sampler.sample();
            monotonicNanos.addAndGet(1_000_000_000L);
            write(elapsed, "1500\n");
            sampler.sample();
            assertThat(sampler.report().note()).doesNotContain("not readable");
            assertThat(sampler.report().peers().getFirst().lastChangeAgeMs()).isZero();
            // the stall: no write completes, elapsed grows by ~1000 ms per second, the device read blocks
            for (long ms = 2_400; ms <= 9_400; ms += 1_000) {
                monotonicNanos.addAndGet(1_000_000_000L);
                write(elapsed, ms + "\n");
                sampler.sample();
            }
            HeartbeatReport r = sampler.report();
            assertThat(r.own().msSinceLastGoodWrite()).isEqualTo(9_400);
            assertThat(r.level()).isEqualTo("WARNING");
            assertThat(r.warnings()).as("its own writes are late; node1's heartbeat is not stale (8 s since its last"
                    + " change was read, more than half the 14 s bound): this node cannot read it")
                    .singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo("heartbeat.slow"));
            assertThat(r.peers()).singleElement().satisfies(p -> assertThat(p.lastChangeAgeMs()).isNull());
            assertThat(r.note()).contains("not readable: the on-disk heartbeat of /dev/dm-0 (a read of /dev/dm-0"
                    + " started 7000 ms ago has not returned: the device does not answer)");
            assertThat(reads.get()).as("one blocked read at a time").isEqualTo(3);
        } finally {
            stalled.countDown();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KernelHealthSamplerTest.class.getResourceAsStream("kernel/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
