package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Day two with real agents on the userspace stack (threshold 7: a silent node is dead after 12-14 s): maintenance
 * round trip; a member whose agent is cut off while its heartbeat runs is UNREACHABLE, never DEAD, blocks Add Server
 * and cannot be removed by force; a member killed for good is DEAD within the dead bound + 10 s, and the pool keeps
 * working without it (a server is added, the timeouts change) until it is removed by force.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DayTwoE2ETest {
    static final String POOL = "daytwo";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    /** The disk heartbeat's dead bound at threshold 7: (7 - 1) iterations of 2 s after the last write, plus one. */
    static final Duration DEAD_BOUND = Duration.ofSeconds(14);

    RealPool pool;
    ManagerClient api;

    @BeforeAll
    void startPool() throws Exception {
        pool = RealPool.startInTempDir("o2pool-daytwo-", 4, List.of());
        api = pool.api();
        var created = api.post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 1; i <= 3; i++) {
            var r = api.post("/api/servers", pool.serverBody(POOL, pool.agent(i)));
            JsonNode job = pool.awaitJob(r.body().path("id").asLong(), JOB_TIMEOUT);
            assertThat(job.path("status").asText()).as("add server%s: %s", i, job).isEqualTo("SUCCEEDED");
        }
    }

    @AfterAll
    void stopPool() throws java.io.IOException {
        if (pool != null) {
            pool.closeAndDeleteFiles();
        }
    }

    private JsonNode server(String name) {
        return api.get("/api/servers").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private String status(String name) {
        return server(name).path("status").asText();
    }

    private long poolId() {
        return api.get("/api/pools").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(POOL)).findFirst().orElseThrow().path("id").asLong();
    }

    private JsonNode maintenance(String name, String action) {
        var r = api.post("/api/servers/" + server(name).path("id").asLong() + "/maintenance",
                api.object().put("action", action));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return pool.awaitJob(r.body().path("id").asLong(), JOB_TIMEOUT);
    }

    @Test
    @Order(1)
    void maintenanceRoundTrip() {
        JsonNode enter = maintenance("server2", "enter");
        assertThat(enter.path("status").asText()).as("%s", enter).isEqualTo("SUCCEEDED");
        assertThat(status("server2")).isEqualTo("MAINTENANCE");
        assertThat(pool.agent(2).view().state().name()).isEqualTo("OFFLINE");
        // the others see it dead: expected in maintenance, no alarm
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
                .until(() -> status("server2").equals("MAINTENANCE"));

        JsonNode exit = maintenance("server2", "exit");
        assertThat(exit.path("status").asText()).as("%s", exit).isEqualTo("SUCCEEDED");
        assertThat(status("server2")).isEqualTo("ACTIVE");
        assertThat(pool.agent(2).view().state().name()).isEqualTo("HEARTBEATING");
    }

    @Test
    @Order(2)
    void aMemberCutOffWhileItsHeartbeatRunsIsUnreachableBlocksChangesAndIsNotRemovedByForce() throws Exception {
        Assumptions.assumeTrue(AgentPortBlock.available(), "needs root and nft to block an agent's port");
        RealAgent three = pool.agent(3);
        try (AgentPortBlock block = AgentPortBlock.block(three.address(), three.port())) {
            await("server3 UNREACHABLE").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status("server3").equals("UNREACHABLE"));
            assertThat(server("server3").path("status_reason").asText())
                    .contains("heartbeat is live in the views of").contains("it may still write to the shared disk");
            // longer than the dead bound: its heartbeat keeps it from ever being called dead
            await().during(DEAD_BOUND.plusSeconds(6)).atMost(DEAD_BOUND.plusSeconds(30))
                    .until(() -> status("server3").equals("UNREACHABLE"));

            var force = api.delete("/api/servers/" + server("server3").path("id").asLong() + "?force=true");
            assertThat(force.status()).as(force.text()).isEqualTo(409);
            assertThat(force.text()).contains("UNREACHABLE").contains("only a DEAD or FENCED server");
            var plan = api.post("/api/plan", api.object().put("action", "remove_server")
                    .put("server_id", server("server3").path("id").asLong()).put("force", true));
            assertThat(plan.body().path("refused").asBoolean()).isTrue();
            assertThat(plan.text()).contains("server.live").contains("live in the disk heartbeat views of server1");

            var add = api.post("/api/servers", pool.serverBody(POOL, pool.agent(4)));
            JsonNode job = pool.awaitJob(add.body().path("id").asLong(), JOB_TIMEOUT);
            assertThat(job.path("status").asText()).isEqualTo("FAILED");
            assertThat(job.path("error_message").asText()).contains("member.unreachable").contains("server3");
            var gone = api.delete("/api/servers/" + job.path("server_id").asLong());
            assertThat(gone.status()).as(gone.text()).isEqualTo(204);
        }
        await("server3 ACTIVE again").atMost(Duration.ofSeconds(60)).until(() -> status("server3").equals("ACTIVE"));
    }

    @Test
    @Order(3)
    void aMemberKilledForGoodIsDeadAndThePoolKeepsWorkingUntilItIsRemovedByForce() {
        RealAgent three = pool.agent(3);
        long killedAt = System.nanoTime(); // measuring only
        three.kill9();
        await("server3 DEAD").atMost(DEAD_BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> status("server3").equals("DEAD") || status("server3").equals("FENCED"));
        System.out.printf("DAY-TWO server3 killed: %s after %.1f s (dead bound %d s)%n", status("server3"),
                (System.nanoTime() - killedAt) / 1e9, DEAD_BOUND.toSeconds());
        assertThat(server("server3").path("status_reason").asText()).contains("dead in the views of server1, server2");

        var add = api.post("/api/servers", pool.serverBody(POOL, pool.agent(4)));
        JsonNode added = pool.awaitJob(add.body().path("id").asLong(), JOB_TIMEOUT);
        assertThat(added.path("status").asText()).as("%s", added).isEqualTo("SUCCEEDED");
        assertThat(added.path("state").path("plan").path("notes").toString()).contains("skipped (server3 DEAD");
        var timeouts = api.put("/api/pools/" + poolId() + "/timeouts",
                api.object().put("heartbeat_dead_threshold", RealPool.DEAD_THRESHOLD + 1));
        JsonNode changed = pool.awaitJob(timeouts.body().path("id").asLong(), JOB_TIMEOUT);
        assertThat(changed.path("status").asText()).as("%s", changed).isEqualTo("SUCCEEDED");
        assertThat(status("server3")).as("still listed").isIn("DEAD", "FENCED");

        var removed = api.delete("/api/servers/" + server("server3").path("id").asLong() + "?force=true");
        assertThat(removed.status()).as(removed.text()).isEqualTo(202);
        JsonNode job = pool.awaitJob(removed.body().path("id").asLong(), JOB_TIMEOUT);
        assertThat(job.path("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        for (int i : new int[] {1, 2, 4}) {
            assertThat(pool.agent(i).liveFiles().clusterConfText()).doesNotContain(three.nodeName());
            assertThat(pool.agent(i).view().members()).extracting(m -> m.name()).doesNotContain(three.nodeName());
        }
        List<String> names = new java.util.ArrayList<>();
        api.get("/api/servers").body().forEach(s -> names.add(s.path("name").asText()));
        assertThat(names).as("servers (top level: heartbeat reports name peers)").doesNotContain("server3");
    }
}
