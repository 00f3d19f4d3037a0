package io.o2pool.cluster.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes on loopback: three {@code o2pool cluster run} JVMs on 127.0.1.1-3 (port 7777 when free) with one
 * shared region folder form a cluster; a node killed with SIGKILL is reported dead within
 * (threshold − 1) × 2 s + 4 s; a node with a different idle timeout is refused with the kernel's message.
 * Only 127.0.0.0/8 addresses are used. Every process started here is stopped here.
 */
class ClusterProcessesIT {
    private static final int THRESHOLD = 7;
    private static final Duration BOUND = Duration.ofSeconds((THRESHOLD - 1) * 2L + 4);
    private static final String[] NAMES = {"alpha", "bravo", "charlie"};

    @TempDir
    Path dir;
    private final List<NodeProcess> started = new ArrayList<>();
    private Path nodes;
    private Path region;

    @AfterEach
    void stopEverything() {
        started.forEach(NodeProcess::close);
    }

    @Test
    void threeProcessesFormAClusterAndAKilledOneIsReportedDeadWithinTheBound() throws Exception {
        setUp();
        List<NodeProcess> p = new ArrayList<>();
        for (String name : NAMES) {
            p.add(start(name));
        }
        await("every node sees the three live and is connected to the two others").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    for (NodeProcess n : p) {
                        for (String peer : NAMES) {
                            assertThat(n.events("node-up", peer)).as("%s sees %s up; log:%n%s", n.name, peer, n.log())
                                    .isNotEmpty();
                            if (!peer.equals(n.name)) {
                                assertThat(n.events("connected", peer)).as("%s connected to %s", n.name, peer).isNotEmpty();
                            }
                        }
                    }
                });
        assertThat(p.get(0).log()).contains("o2net: Accepted connection from node bravo (num 1) at 127.0.1.2:");
        assertThat(p.get(2).log()).contains("o2net: Connected to node alpha (num 0) at 127.0.1.1:");

        Instant killed = Instant.now();
        p.get(2).kill9();
        await("the survivors report charlie dead").atMost(BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(p.get(0).events("node-down", "charlie")).isNotEmpty();
                    assertThat(p.get(1).events("node-down", "charlie")).isNotEmpty();
                });
        for (NodeProcess survivor : p.subList(0, 2)) {
            Duration latency = Duration.between(killed, survivor.firstTime("node-down", "charlie"));
            assertThat(latency).as("%s detection latency", survivor.name).isLessThanOrEqualTo(BOUND);
            assertThat(survivor.events("node-down", "charlie").get(0).get("reason").asText())
                    .isEqualTo("no heartbeat for 7 samples (dead threshold 7)");
            assertThat(survivor.events("fenced", survivor.name)).isEmpty();
        }

        // bravo stops cleanly (SIGTERM): alpha drops it at its next sample, not after the threshold
        Instant stopped = Instant.now();
        assertThat(p.get(1).terminate()).as("exit code after SIGTERM (clean stop)").isEqualTo(ClusterRunner.EXIT_STOPPED);
        await("alpha drops bravo at once").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(p.get(0).events("node-down", "bravo")).isNotEmpty());
        assertThat(p.get(0).events("node-down", "bravo").get(0).get("reason").asText())
                .isEqualTo("stopped heartbeating cleanly (generation 0)");
        assertThat(Duration.between(stopped, p.get(0).firstTime("node-down", "bravo"))).isLessThan(Duration.ofSeconds(3));
        assertThat(p.get(0).terminate()).as("exit code after SIGTERM (clean stop)").isEqualTo(ClusterRunner.EXIT_STOPPED);
    }

    @Test
    void aProcessWithAnotherIdleTimeoutIsRefusedWithTheKernelsMessage() throws Exception {
        setUp();
        NodeProcess alpha = start("alpha");
        NodeProcess bravo = start("bravo");
        NodeProcess charlie = start("charlie", "--idle-timeout-ms", "10000");
        await("alpha and bravo refuse charlie").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (NodeProcess n : List.of(alpha, bravo)) {
                        assertThat(n.log()).containsPattern("o2net: node charlie \\(num 2\\) at 127\\.0\\.1\\.3:\\d+ uses a "
                                + "network idle timeout of 10000 ms, but we use 30000 ms locally\\. Disconnecting\\.");
                    }
                    assertThat(charlie.log()).contains("uses a network idle timeout of 30000 ms, but we use 10000 ms "
                            + "locally. Disconnecting.");
                    assertThat(alpha.events("connected", "bravo")).isNotEmpty();
                });
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(alpha.events("connected", "charlie")).isEmpty();
            assertThat(bravo.events("connected", "charlie")).isEmpty();
            assertThat(charlie.events().stream().filter(e -> e.get("event").asText().equals("connected"))).isEmpty();
        });
        assertThat(alpha.events("node-up", "charlie")).as("the disk heartbeat still sees charlie").isNotEmpty();
        for (NodeProcess n : List.of(charlie, bravo, alpha)) {
            assertThat(n.terminate()).as("exit code after SIGTERM (clean stop)").isEqualTo(ClusterRunner.EXIT_STOPPED);
        }
    }

    private void setUp() throws IOException {
        int port = port();
        region = Files.createDirectory(dir.resolve("repository"));
        nodes = dir.resolve("nodes");
        Files.writeString(nodes, "# o2pool IT\n" + NAMES[0] + " 0 127.0.1.1:" + port + "\n" + NAMES[1] + " 1 127.0.1.2:"
                + port + "\n" + NAMES[2] + " 2 127.0.1.3:" + port + "\n");
    }

    private NodeProcess start(String name, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--node", name, "--config", nodes.toString(), "--region-dir",
                region.toString(), "--dead-threshold", Integer.toString(THRESHOLD), "--events", "json"));
        args.addAll(List.of(extra));
        NodeProcess p = NodeProcess.start(name, dir, args);
        started.add(p);
        return p;
    }

    /** 7777 when it is free on all three loopback addresses, else a port free on all three. */
    private static int port() throws IOException {
        if (freeOnAll(7777)) {
            return 7777;
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.1.1"), 0));
                candidate = s.getLocalPort();
            }
            if (freeOnAll(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no port free on 127.0.1.1-3");
    }

    private static boolean freeOnAll(int port) {
        for (int i = 1; i <= 3; i++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.1." + i), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
