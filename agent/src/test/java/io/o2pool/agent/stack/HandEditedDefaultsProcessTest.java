package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.LiveConfig;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose live {@code /etc/default/o2cb} (the agent's {@code --o2cb-defaults}) was hand-edited to
 * {@code O2CB_HEARTBEAT_THRESHOLD=3}: one real agent process on 127.0.1.41 with the userspace stack refuses to start
 * the stack — over the API and when it restarts with {@code O2CB_ENABLED=true} — with an error naming the file, the
 * line, the value and the fix, and its live-config report ({@code GET /v1/config/live}) carries the same problem
 * beside the drift. The stack stays OFFLINE: it does not run with the default 31.
 */
class HandEditedDefaultsProcessTest {
    static final String ADDRESS = "127.0.1.41";

    @TempDir
    Path root;

    @Test
    void aHandEditedThresholdOf3IsReportedAndTheStackDoesNotStartWith31() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            port = free.getLocalPort();
        }
        List<String[]> nodes = List.<String[]>of(new String[] {"vm-host03", ADDRESS, Integer.toString(port)});
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true));
        assertThat(o2cb).contains("O2CB_HEARTBEAT_THRESHOLD=31");
        StageRequest change = StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2", nodes), o2cb);
        Path liveDefaults = root.resolve("etc/default/o2cb");
        String problem = liveDefaults + " line 18: heartbeat dead threshold cannot be less than 7"
                + " (O2CB_HEARTBEAT_THRESHOLD=3); set O2CB_HEARTBEAT_THRESHOLD to 7 or more (default 31)";

        try (AgentProcess agent = AgentProcess.start(root, ADDRESS, List.of(), Map.of())) {
            AgentClient client = agent.client();
            assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
            assertThat(client.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
            assertThat(client.liveConfig().problems()).isEmpty();

            Files.writeString(liveDefaults, Files.readString(liveDefaults)
                    .replace("O2CB_HEARTBEAT_THRESHOLD=31", "O2CB_HEARTBEAT_THRESHOLD=3"));

            assertThatThrownBy(client::online).isInstanceOfSatisfying(AgentClientException.class, e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.getMessage()).contains(problem);
            });
            assertThat(client.cluster().state()).as("the stack did not start (not with 31 either)")
                    .isEqualTo(StackState.OFFLINE);
            assertThat(client.cluster().members()).isEmpty();

            LiveConfig live = client.liveConfig();
            assertThat(live.drift()).isTrue();
            assertThat(live.problems()).containsExactly(problem);
            assertThat(live.o2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=3");
            agent.stop();
        }

        // O2CB_ENABLED=true: a restarted agent would bring the stack online; with the bad value it says why it does not
        try (AgentProcess restarted = AgentProcess.start(root, ADDRESS, List.of(), Map.of())) {
            AgentClient client = restarted.client();
            assertThat(restarted.output()).contains("userspace stack: not brought online at start: "
                    + "the live configuration cannot be used: " + problem);
            assertThat(client.cluster().state()).isEqualTo(StackState.OFFLINE);
            assertThat(client.liveConfig().problems()).containsExactly(problem);
        }
    }
}
