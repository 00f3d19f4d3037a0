package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.GuardKill;
import io.o2pool.agent.api.GuardKills;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.vm.guard.GuardKillLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/vm-guard/kills} against a real agent JVM on 127.0.1.64: kills the guard recorded in the agent's state
 * folder (as it does while the agent is dead) come back through the API, newest first; a bad limit is a 400 naming it.
 */
class GuardResourceTest extends RealAgentTest {
    @Test
    void theGuardsKillsComeBackThroughTheApi() throws Exception {
        agent = AgentProcess.start(root.resolve("agent"), "127.0.1.64", List.of("--vm-driver", "process"), Map.of());
        AgentClient client = agent.client();
        assertThat(client.guardKills(5).kills()).isEmpty();

        GuardKillLog log = new GuardKillLog(agent.stateDir());
        log.append(new GuardKill(Instant.parse("2026-12-05T10:00:01Z"), "vm-host64", List.of("web", "db"),
                "the node's heartbeat has not advanced for 10012 ms (guard bound 10000 ms)"));
        log.append(new GuardKill(Instant.parse("2026-12-05T10:07:00Z"), "vm-host64", List.of("mail"), "clean stop"));

        GuardKills answer = client.guardKills(5);
        assertThat(answer.kills()).extracting(GuardKill::guests).containsExactly(List.of("mail"), List.of("web", "db"));
        assertThat(answer.kills().getLast().reason()).contains("10012 ms");
        assertThat(client.guardKills(1).kills()).hasSize(1);

        for (int bad : new int[] {0, 101}) {
            assertThatThrownBy(() -> client.guardKills(bad)).isInstanceOfSatisfying(AgentClientException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).contains("limit must be a number from 1 to 100");
            });
        }
    }
}
