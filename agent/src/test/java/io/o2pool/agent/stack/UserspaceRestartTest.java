package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.ProbeListening;
import io.o2pool.agent.api.ProbeRequest;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.agent.api.RepositoryMount;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real agent process on 127.0.1.31 with the userspace stack: a probe listener holding the node's own
 * {@code ip_port} is closed when the stack goes online there, so o2net binds and the node heartbeats; after a restart
 * (SIGTERM by PID, then a new process on the same state directory) the agent brings the stack online from the live
 * {@code O2CB_ENABLED=true} defaults and attaches the recorded repository again, heartbeating without any call.
 * Detaching that repository stops the node's heartbeat cleanly while the stack stays ONLINE (the next attach heartbeats
 * again), detaching it again is answered with a note, and a detached repository is forgotten (the next restart does
 * not attach it); a stack taken offline through the API stays offline across a restart; a rollback to the live
 * generation's predecessor makes it live again.
 */
class UserspaceRestartTest {
    static final String ADDRESS = "127.0.1.31";
    static final Duration SLOW = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void theProbeListenerYieldsToTheStackAndARestartedAgentHeartbeatsAgainOnItsOwn() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Files.writeString(repository.resolve(".o2pool-repository"), "11111111-2222-3333-4444-555555555555\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            port = free.getLocalPort();
        }
        List<String[]> nodes = new ArrayList<>();
        nodes.add(new String[] {"vm-host03", ADDRESS, Integer.toString(port)});
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(7, 5000, 1000, 2000));
        StageRequest change = StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2", nodes), o2cb);
        List<String> args = List.of("--repository-root", repository.toString());
        Path agentRoot = root.resolve("agent");

        try (AgentProcess agent = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            AgentClient client = agent.client();
            ProbeListening probe = client.probeListen(new ProbeRequest(ADDRESS, port, 300));
            assertThat(probe.listening()).isTrue();
            assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
            assertThat(client.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
            client.online();
            client.attachRepository(new AttachRequest("directory", repository.toString(), null));
            awaitHeartbeating(client, port);
            assertThat(client.probeListen(new ProbeRequest(ADDRESS, port, 30)).listening())
                    .as("the running stack serves the port; no probe listener is opened").isFalse();
            agent.stop();
        }

        try (AgentProcess restarted = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            AgentClient client = restarted.client();
            awaitHeartbeating(client, port); // no online, no attach: the agent did it at start
            assertThat(client.repositories()).extracting(RepositoryInfo::uuid, RepositoryInfo::mode, RepositoryInfo::mount)
                    .containsExactly(tuple("11111111222233334444555555555555", RepositoryMode.NOT_OCFS2,
                            RepositoryMount.NOT_A_MOUNT));
            assertThat(restarted.output()).contains("brought online at start (O2CB_ENABLED=true)")
                    .contains("attached again");

            // detaching the directory the node heartbeats in stops its heartbeat cleanly; the stack stays ONLINE
            RepositoryInfo detached = client.detachRepository("directory", repository.toString());
            assertThat(detached.uuid()).isEqualTo("11111111222233334444555555555555");
            assertThat(detached.note()).contains("stopped heartbeating", "stays ONLINE");
            assertThat(client.cluster().state()).isEqualTo(StackState.ONLINE);
            assertThat(client.repositories()).isEmpty();
            // idempotent: not attached is a note, not a refusal
            assertThat(client.detachRepository("directory", repository.toString()).note())
                    .contains("was attached", "nothing to detach");
            // the next attach heartbeats again, without going offline and online
            client.attachRepository(new AttachRequest("directory", repository.toString(), null));
            awaitHeartbeating(client, port);
            client.detachRepository("directory", repository.toString());
            assertThat(client.offline().state()).isEqualTo(StackState.OFFLINE);
            assertThat(client.repositories()).isEmpty();
            restarted.stop();
        }

        try (AgentProcess again = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            AgentClient client = again.client();
            assertThat(client.repositories()).as("a detached repository is not attached again").isEmpty();
            // taken offline through the API: it stays offline across the restart until it is asked to go online
            assertThat(client.cluster().state()).isEqualTo(StackState.OFFLINE);
            assertThat(again.output()).contains("left OFFLINE at start (it was taken offline through the API");
            client.online();
            await().atMost(SLOW).until(() -> client.cluster().state() == StackState.ONLINE);
            // rollback over the API: generation 2 drops the timeouts' change, rolling back to 1 restores them
            StageRequest second = StageRequest.of(2, ConfigSamples.POOL, change.clusterConf(),
                    ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(9, 5000, 1000, 2000)));
            client.stage(second);
            client.commit(2);
            assertThatThrownBy(() -> client.rollback(3)).isInstanceOfSatisfying(AgentClientException.class,
                    e -> assertThat(e.status()).isEqualTo(409));
            assertThat(client.rollback(1).outcome()).isEqualTo(ChangeOutcome.ROLLED_BACK);
            assertThat(client.config().live().generation()).isEqualTo(1);
            assertThat(client.config().previous()).isNull();
            assertThat(Files.readString(agentRoot.resolve("etc/default/o2cb"))).isEqualTo(o2cb);
            assertThat(client.rollback(1).outcome()).isEqualTo(ChangeOutcome.ALREADY_LIVE);
        }
    }

    private static void awaitHeartbeating(AgentClient client, int port) {
        await("vm-host03 to heartbeat alone on " + ADDRESS + ":" + port).atMost(SLOW)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    ClusterView view = client.cluster();
                    assertThat(view.state()).isEqualTo(StackState.HEARTBEATING);
                    assertThat(view.members().stream().filter(Member::alive).map(Member::name))
                            .containsExactly("vm-host03");
                });
    }
}
