package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real agent processes on 127.0.1.21–23 running the userspace stack with their heartbeat region in one shared
 * directory repository: two nodes heartbeat and see each other live and connected; a commit that adds the third
 * node is taken by the running nodes without leaving the cluster; all three see each other; the third is stopped (SIGTERM, by PID) and the
 * others see it go down, on {@code GET /v1/cluster} and as {@code cluster-event}s on {@code GET /v1/events}.
 */
class UserspaceClusterTest {
    static final String[][] NODES = {{"vm-host03", "127.0.1.21"}, {"vm-host02", "127.0.1.22"}, {"vm-host04", "127.0.1.23"}};
    static final Duration SLOW = Duration.ofSeconds(60);

    @TempDir
    Path root;
    final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() {
        agents.forEach(AgentProcess::close);
    }

    @Test
    void agentsHeartbeatInTheSharedRepositoryAndSeeEachOtherJoinAndLeave() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Files.writeString(repository.resolve(".o2pool-repository"), "11111111-2222-3333-4444-555555555555\n");
        int port = freePort();
        // the o2cb minimums: a node that dies is declared dead after 7 x 2 s
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(7, 5000, 1000, 2000));
        StageRequest two = StageRequest.of(1, ConfigSamples.POOL, conf(2, port), o2cb);
        StageRequest three = StageRequest.of(2, ConfigSamples.POOL, conf(3, port), o2cb);

        List<CompletableFuture<AgentProcess>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            starting.add(CompletableFuture.supplyAsync(() -> start(n, repository)));
        }
        RuntimeException failed = null;
        for (CompletableFuture<AgentProcess> agent : starting) {
            try {
                agents.add(agent.join()); // every started one is stopped by PID after the test
            } catch (RuntimeException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        List<ClusterView> views = new CopyOnWriteArrayList<>();
        try (AutoCloseable stream = client(0).events(views::add, events::add)) {
            for (int i = 0; i < 2; i++) {
                join(client(i), two, repository);
            }
            awaitMembers(0, "vm-host03", "vm-host02");
            awaitMembers(1, "vm-host03", "vm-host02");
            assertThat(repository.resolve(".o2pool/cluster/ocfs2/heartbeat")).isRegularFile();

            for (int i = 0; i < 2; i++) {
                assertThat(client(i).stage(three).outcome()).isEqualTo(ChangeOutcome.STAGED);
                // taken live: the running node does not leave and rejoin
                ChangeResult committed = client(i).commit(2);
                assertThat(committed.stack()).isEqualTo(StackOutcome.NODES_ADDED);
                assertThat(committed.note()).contains("added node vm-host04 (num 2) at 127.0.1.23:" + port
                        + " to the running userspace node");
            }
            join(client(2), three, repository);
            for (int i = 0; i < 3; i++) {
                awaitMembers(i, "vm-host03", "vm-host02", "vm-host04");
            }
            assertThat(events).as("vm-host03 never lost vm-host02 while the cluster grew").noneMatch(
                    e -> e.peer().equals("vm-host02") && e.event().equals("node-down"));
            await("vm-host03's event stream shows vm-host04 up").atMost(SLOW).until(() -> events.stream()
                    .anyMatch(e -> e.peer().equals("vm-host04") && e.event().equals("node-up")));

            agents.get(2).stop();
            for (int i = 0; i < 2; i++) {
                awaitMembers(i, "vm-host03", "vm-host02");
            }
            await("vm-host03's event stream shows vm-host04 down").atMost(SLOW).until(() -> events.stream()
                    .anyMatch(e -> e.peer().equals("vm-host04") && e.event().equals("node-down")));
            assertThat(events).allSatisfy(e -> assertThat(e.node()).isEqualTo("vm-host03"));
            assertThat(views).anySatisfy(v -> assertThat(v.state()).isEqualTo(StackState.HEARTBEATING));
        }
    }

    private AgentProcess start(int i, Path repository) {
        try {
            return AgentProcess.start(root.resolve("agent" + i), NODES[i][1],
                    List.of("--node-name", NODES[i][0], "--repository-root", repository.toString()), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages and commits {@code change}, brings the stack online and attaches the shared repository. */
    private static void join(AgentClient client, StageRequest change, Path repository) {
        assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(client.commit(change.generation()).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        assertThat(client.online().state()).isIn(StackState.ONLINE, StackState.HEARTBEATING);
        client.attachRepository(new io.o2pool.agent.api.AttachRequest("directory", repository.toString(), null));
    }

    /** Waits until agent {@code i} is HEARTBEATING and sees exactly {@code live} alive, the peers also connected. */
    private void awaitMembers(int i, String... live) {
        await(NODES[i][0] + " to see exactly " + List.of(live) + " alive").atMost(SLOW)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    ClusterView view = client(i).cluster();
                    assertThat(view.state()).isEqualTo(StackState.HEARTBEATING);
                    assertThat(view.members().stream().filter(Member::alive).map(Member::name))
                            .containsExactlyInAnyOrder(live);
                    assertThat(view.members().stream().filter(m -> m.alive() && !m.local()))
                            .allSatisfy(m -> assertThat(m.connected()).as(m.name() + " connected").isTrue());
                });
    }

    private AgentClient client(int i) {
        return agents.get(i).client();
    }

    private static String conf(int nodes, int port) {
        List<String[]> list = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            list.add(new String[] {NODES[i][0], NODES[i][1], Integer.toString(port)});
        }
        return ConfigSamples.clusterConf("ocfs2", list);
    }

    /** A TCP port free on all three addresses now (the kernel's choice on the first, checked on the others). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(NODES[0][1], 0));
                port = s.getLocalPort();
            }
            if (port <= 65534 && freeOn(NODES[1][1], port) && freeOn(NODES[2][1], port)) {
                return port;
            }
        }
        throw new IllegalStateException("no TCP port free on " + NODES[0][1] + "–" + NODES[2][1]);
    }

    private static boolean freeOn(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
