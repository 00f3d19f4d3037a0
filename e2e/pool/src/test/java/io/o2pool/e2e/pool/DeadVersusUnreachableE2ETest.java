package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * At the default threshold 31 (a silent node is dead after about 60 s), a member whose agent is killed with -9 is
 * UNREACHABLE — not DEAD, not ERROR, no {@code membership.node-down} — for at least 55 s, and DEAD only once the disk
 * heartbeat has declared it dead. (Measured before this rule: ERROR 3 s after the kill, from a lost connection.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadVersusUnreachableE2ETest {
    static final String POOL = "default31";

    RealPool pool;
    ManagerClient api;

    @BeforeAll
    void startPool() throws Exception {
        pool = RealPool.startInTempDir("o2pool-dead31-", 3, List.of());
        api = pool.api();
        var body = pool.poolBody(POOL, true).put("heartbeat_dead_threshold", 31).put("idle_timeout_ms", 30000)
                .put("keepalive_delay_ms", 2000).put("reconnect_delay_ms", 2000);
        var created = api.post("/api/pools", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 1; i <= 3; i++) {
            var r = api.post("/api/servers", pool.serverBody(POOL, pool.agent(i)));
            JsonNode job = pool.awaitJob(r.body().path("id").asLong(), Duration.ofSeconds(180));
            assertThat(job.path("status").asText()).as("add server%s: %s", i, job).isEqualTo("SUCCEEDED");
        }
    }

    @AfterAll
    void stopPool() throws java.io.IOException {
        if (pool != null) {
            pool.closeAndDeleteFiles();
        }
    }

    private String status(String name) {
        return api.get("/api/servers").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow().path("status").asText();
    }

    private long nodeDownEvents() {
        return api.get("/api/events?limit=1000").body().findParents("kind").stream()
                .filter(e -> e.path("kind").asText().equals("membership.node-down")).count();
    }

    @Test
    void aKilledAgentIsUnreachableUntilTheHeartbeatDeclaresItDead() {
        long downBefore = nodeDownEvents();
        long killedAt = System.nanoTime(); // measuring only
        pool.agent(3).kill9();
        List<String> seen = new ArrayList<>();
        await("55 s of UNREACHABLE").atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String s = status("server3");
            if (seen.isEmpty() || !seen.getLast().equals(s)) {
                seen.add(s);
            }
            assertThat(s).as("status %.0f s after the kill (seen %s)", (System.nanoTime() - killedAt) / 1e9, seen)
                    .isIn("ACTIVE", "UNREACHABLE");
            return (System.nanoTime() - killedAt) / 1e9 >= 55;
        });
        assertThat(seen).contains("UNREACHABLE");
        assertThat(nodeDownEvents()).as("no node-down while the heartbeat is live").isEqualTo(downBefore);
        await("DEAD").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status("server3").equals("DEAD") || status("server3").equals("FENCED"));
        System.out.printf("DEAD-31 server3: UNREACHABLE from the kill, %s after %.1f s%n", status("server3"),
                (System.nanoTime() - killedAt) / 1e9);
        assertThat(nodeDownEvents()).isGreaterThan(downBefore);
    }
}
