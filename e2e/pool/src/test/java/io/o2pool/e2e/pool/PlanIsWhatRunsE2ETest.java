package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plan a user reviews is the plan that runs, with real agents on the userspace stack: for each operation (Add
 * Server, batch add, Change Timeouts, Re-sync, Remove Server) the dry run of {@code POST /api/plan} equals, step for
 * step and effect for effect, the plan the job records, and the job's executed steps are exactly the plan's; the
 * plan lists every effect on every node (files with diffs, stacks, repository, waits).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanIsWhatRunsE2ETest {
    static final String POOL = "plans";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    RealPool pool;
    ManagerClient api;

    @BeforeAll
    void startPool() throws Exception {
        pool = RealPool.startInTempDir("o2pool-plan-e2e-", 4, List.of());
        api = pool.api();
        var created = api.post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    @AfterAll
    void stopPool() throws java.io.IOException {
        if (pool != null) {
            pool.closeAndDeleteFiles();
        }
    }

    private JsonNode plan(ObjectNode body) {
        var r = api.post("/api/plan", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("refused").asBoolean()).as("plan refused: %s", r.body().path("findings")).isFalse();
        return r.body();
    }

    private ObjectNode addPlanBody(int... agents) {
        ObjectNode body = api.object().put("action", "add_server").put("pool", POOL);
        ArrayNode servers = body.putArray("servers");
        for (int i : agents) {
            ObjectNode s = pool.serverBody(POOL, pool.agent(i));
            s.remove("pool");
            servers.add(s);
        }
        return body;
    }

    private long poolId() {
        return api.get("/api/pools").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(POOL)).findFirst().orElseThrow().path("id").asLong();
    }

    private long serverId(String name) {
        return api.get("/api/servers").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow().path("id").asLong();
    }

    /** The finished job ran the dry run's plan: the same recorded plan, and its steps after planning are the plan's. */
    private void assertRanThePlan(long jobId, JsonNode dryRun) {
        JsonNode job = pool.awaitJob(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("SUCCEEDED");
        List<String> executed = new ArrayList<>();
        job.path("steps").forEach(s -> {
            executed.add(s.path("name").asText());
            assertThat(s.path("status").asText()).isEqualTo("SUCCEEDED");
        });
        List<String> planned = new ArrayList<>();
        dryRun.path("steps").forEach(s -> planned.add(s.path("step").asText()));
        assertThat(executed.subList(1, executed.size())).as("executed steps after planning").isEqualTo(planned);
        ObjectNode shown = dryRun.deepCopy();
        shown.remove("action");
        assertThat(job.path("state").path("plan")).as("the plan the job recorded").isEqualTo(shown);
    }

    private static List<String> effects(JsonNode plan, String step, String effect) {
        List<String> servers = new ArrayList<>();
        for (JsonNode s : plan.path("steps")) {
            if (s.path("step").asText().equals(step)) {
                s.path("effects").forEach(e -> {
                    if (e.path("effect").asText().equals(effect)) {
                        servers.add(e.path("server").asText());
                    }
                });
            }
        }
        return servers;
    }

    @Test
    @Order(1)
    void addServerAndBatchAddRunTheirPlans() {
        JsonNode first = plan(addPlanBody(1));
        assertThat(first.path("kind").asText()).isEqualTo("ADD_SERVER");
        assertThat(effects(first, "stage", "stage")).containsExactly("server1");
        assertThat(effects(first, "start_stack", "start_stack")).containsExactly("server1");
        assertThat(effects(first, "attach_repository", "attach_repository")).containsExactly("server1");
        assertThat(first.path("steps").findValuesAsText("step")).endsWith("wait_live");
        var r = api.post("/api/servers", pool.serverBody(POOL, pool.agent(1)));
        assertRanThePlan(r.body().path("id").asLong(), first);

        JsonNode batch = plan(addPlanBody(2, 3));
        assertThat(batch.path("kind").asText()).isEqualTo("BATCH_ADD");
        assertThat(effects(batch, "stage", "stage")).containsExactly("server1", "server2", "server3");
        assertThat(effects(batch, "commit", "commit")).containsExactly("server1", "server2", "server3");
        assertThat(effects(batch, "start_stack", "start_stack")).containsExactly("server2", "server3");
        String memberDiff = batch.path("steps").get(1).path("effects").get(0).path("diff").asText();
        assertThat(memberDiff).contains("+\tip_address = 127.0.1.2").contains("+\tip_address = 127.0.1.3");
        ObjectNode body = api.object().put("pool", POOL);
        ArrayNode servers = body.putArray("servers");
        for (int i : new int[] {2, 3}) {
            ObjectNode s = pool.serverBody(POOL, pool.agent(i));
            s.remove("pool");
            servers.add(s);
        }
        var b = api.post("/api/servers/batch", body);
        assertThat(b.status()).as(b.text()).isEqualTo(202);
        assertRanThePlan(b.body().path("id").asLong(), batch);
    }

    @Test
    @Order(2)
    void changeTimeoutsRunsItsPlan() {
        ObjectNode wanted = api.object().put("heartbeat_dead_threshold", RealPool.DEAD_THRESHOLD + 2);
        JsonNode plan = plan(wanted.deepCopy().put("action", "change_timeouts").put("pool", POOL));
        assertThat(plan.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage",
                "detach_repository", "stop_stack", "commit", "start_stack", "attach_repository", "wait_live");
        assertThat(plan.path("steps").get(1).path("effects").get(0).path("diff").asText())
                .contains("-O2CB_HEARTBEAT_THRESHOLD=" + RealPool.DEAD_THRESHOLD)
                .contains("+O2CB_HEARTBEAT_THRESHOLD=" + (RealPool.DEAD_THRESHOLD + 2));
        var r = api.put("/api/pools/" + poolId() + "/timeouts", wanted);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertRanThePlan(r.body().path("id").asLong(), plan);
        assertThat(new String(pool.agent(2).liveFiles().o2cbDefaults(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("O2CB_HEARTBEAT_THRESHOLD=" + (RealPool.DEAD_THRESHOLD + 2));
    }

    @Test
    @Order(3)
    void resyncRunsItsPlan() throws Exception {
        // the drift watch may queue its own Re-sync of the same edit; the first Re-sync after the edit is the one
        // that runs the plan shown, whoever queued it
        for (int attempt = 1; ; attempt++) {
            long lastJob = api.get("/api/jobs?limit=1").body().get(0).path("id").asLong();
            Path conf = pool.agent(3).clusterConfPath();
            Files.writeString(conf, Files.readString(conf) + "\n# edited by hand\n");
            JsonNode plan = plan(api.object().put("action", "resync").put("pool", POOL));
            if (plan.path("steps").isEmpty() && attempt < 3) {
                continue; // the drift watch re-synced between the edit and the plan
            }
            assertThat(plan.path("findings").findValuesAsText("code")).containsExactly("config.drift");
            assertThat(plan.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage", "commit");
            assertThat(plan.path("steps").get(1).path("effects").get(2).path("diff").asText())
                    .contains("-# edited by hand");
            var r = api.post("/api/pools/" + poolId() + "/resync", api.object());
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            long first = api.get("/api/jobs?pool_id=" + poolId() + "&limit=20").body().findParents("kind").stream()
                    .filter(j -> j.path("kind").asText().equals("RESYNC") && j.path("id").asLong() > lastJob)
                    .mapToLong(j -> j.path("id").asLong()).min().orElseThrow();
            assertRanThePlan(first, plan);
            assertThat(Files.readString(conf)).doesNotContain("edited by hand");
            return;
        }
    }

    @Test
    @Order(4)
    void removeServerRunsItsPlan() {
        long id = serverId("server3");
        JsonNode plan = plan(api.object().put("action", "remove_server").put("server_id", id));
        assertThat(plan.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage",
                "detach_repository", "stop_stack", "commit", "forget_pool");
        assertThat(effects(plan, "stop_stack", "stop_stack")).containsExactly("server3");
        assertThat(effects(plan, "forget_pool", "forget_pool")).containsExactly("server3");
        assertThat(effects(plan, "commit", "commit")).containsExactly("server1", "server2");
        var r = api.delete("/api/servers/" + id);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertRanThePlan(r.body().path("id").asLong(), plan);
        assertThat(new String(pool.agent(1).liveFiles().clusterConf(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(pool.agent(3).nodeName());
        assertThat(pool.agent(3).config().live()).as("server3 left the pool: nothing is live on it").isNull();
    }
}
