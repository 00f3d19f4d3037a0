package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan: a dry run shows every effect per step and per node (files with diffs, stacks, repository, waits), stores
 * nothing, and is exactly what the job then records and executes, for every operation.
 */
class PlanResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        api.pool("pp");
        for (int i = 1; i <= 4; i++) {
            api.fleet.add("127.0.4." + i, "phost" + i);
        }
        var r = api.post("/api/servers", api.server("pp", "127.0.4.1", "p1"));
        ServersResourceTestSupport.waitForJob(api, r.body().path("id").asLong());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonNode plan(ObjectNode body) {
        var r = api.post("/api/plan", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body();
    }

    private static ObjectNode addBody(String host, String name) {
        var body = api.json.createObjectNode().put("action", "add_server").put("pool", "pp");
        var entry = api.server("pp", host, name);
        entry.remove("pool");
        body.putArray("servers").add(entry);
        return body;
    }

    /** The steps a finished job recorded after its planning step, and its recorded plan, must equal the dry run's. */
    private static void assertJobRanThePlan(JsonNode job, JsonNode dryRun) {
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        List<String> executed = new ArrayList<>();
        job.path("steps").forEach(s -> executed.add(s.path("name").asText()));
        List<String> planned = new ArrayList<>();
        dryRun.path("steps").forEach(s -> planned.add(s.path("step").asText()));
        assertThat(executed.subList(1, executed.size())).isEqualTo(planned);
        ObjectNode recorded = job.path("state").path("plan").deepCopy();
        ObjectNode shown = dryRun.deepCopy();
        shown.remove("action");
        assertThat(recorded).isEqualTo(shown);
    }

    @Test
    void planOfAnAddListsEveryEffectOnEveryNodeAndIsWhatTheJobRuns() {
        int servers = api.get("/api/servers").body().size();
        JsonNode plan = plan(addBody("127.0.4.2", "p2"));
        assertThat(plan.path("refused").asBoolean()).isFalse();
        assertThat(plan.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage", "commit",
                "start_stack", "attach_repository", "wait_live");
        JsonNode stage = plan.path("steps").get(1);
        assertThat(textList(stage.path("servers"))).containsExactly("p1", "p2");
        String memberDiff = stage.path("effects").get(0).path("diff").asText();
        assertThat(memberDiff).contains("-\tnode_count = 1\n+\tnode_count = 2\n").contains("+\tip_address = 127.0.4.2\n");
        assertThat(stage.path("effects").get(1).path("diff").asText()).contains("+O2CB_HEARTBEAT_THRESHOLD=31");
        assertThat(plan.path("steps").get(3).path("effects").findValuesAsText("server")).containsExactly("p2");
        assertThat(plan.path("steps").get(5).path("effects").get(0).path("bound_ms").asLong()).isPositive();
        assertThat(plan.path("generation").asLong()).isEqualTo(2);
        assertThat(api.get("/api/servers").body().size()).as("a dry run stores nothing").isEqualTo(servers);
        assertThat(api.fleet.at("127.0.4.1").liveGeneration()).isEqualTo(1);

        var r = api.post("/api/servers", api.server("pp", "127.0.4.2", "p2"));
        assertJobRanThePlan(ServersResourceTestSupport.waitForJob(api, r.body().path("id").asLong()), plan);
    }

    @Test
    void planOfChangeTimeoutsResyncAndRemoveIsWhatTheirJobsRun() {
        long pool = api.get("/api/pools").body().get(0).path("id").asLong();
        var r3 = api.post("/api/servers", api.server("pp", "127.0.4.3", "p3"));
        ServersResourceTestSupport.waitForJob(api, r3.body().path("id").asLong());

        JsonNode timeouts = plan(api.json.createObjectNode().put("action", "change_timeouts").put("pool", "pp")
                .put("heartbeat_dead_threshold", 21));
        assertThat(timeouts.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage",
                "detach_repository", "stop_stack", "commit", "start_stack", "attach_repository", "wait_live");
        assertThat(timeouts.path("steps").get(1).path("effects").get(0).path("diff").asText())
                .contains("-O2CB_HEARTBEAT_THRESHOLD=31").contains("+O2CB_HEARTBEAT_THRESHOLD=21");
        var t = api.send("PUT", "/api/pools/" + pool + "/timeouts", "{\"heartbeat_dead_threshold\":21}", api.token);
        assertJobRanThePlan(ServersResourceTestSupport.waitForJob(api, t.body().path("id").asLong()), timeouts);

        api.fleet.at("127.0.4.3").editLiveClusterConf(api.fleet.at("127.0.4.3").liveText() + "\n# edited\n");
        JsonNode resync = plan(api.json.createObjectNode().put("action", "resync").put("pool", "pp"));
        assertThat(resync.path("findings").findValuesAsText("code")).containsExactly("config.drift");
        assertThat(resync.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage", "commit");
        var s = api.post("/api/pools/" + pool + "/resync", "{}");
        assertJobRanThePlan(ServersResourceTestSupport.waitForJob(api, s.body().path("id").asLong()), resync);

        long p3 = api.get("/api/servers").body().findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("p3")).findFirst().orElseThrow().path("id").asLong();
        JsonNode remove = plan((ObjectNode) api.json.createObjectNode().put("action", "remove_server")
                .put("server_id", p3));
        assertThat(remove.path("steps").findValuesAsText("step")).containsExactly("allocate", "stage",
                "detach_repository", "stop_stack", "commit", "forget_pool");
        assertThat(remove.path("steps").get(2).path("servers").get(0).asText()).isEqualTo("p3");
        var d = api.delete("/api/servers/" + p3);
        assertJobRanThePlan(ServersResourceTestSupport.waitForJob(api, d.body().path("id").asLong()), remove);
    }

    @Test
    void planOfMaintenanceEnterAndExitIsWhatTheirJobsRun() {
        api.pool("pm"); // a pool of its own: the other tests count pp's servers
        var r4 = api.post("/api/servers", api.server("pm", "127.0.4.4", "p4"));
        ServersResourceTestSupport.waitForJob(api, r4.body().path("id").asLong());
        long p4 = api.get("/api/servers").body().findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("p4")).findFirst().orElseThrow().path("id").asLong();

        JsonNode enter = plan((ObjectNode) api.json.createObjectNode().put("action", "maintenance_enter")
                .put("server_id", p4));
        assertThat(enter.path("steps").findValuesAsText("step")).containsExactly("detach_repository", "stop_stack");
        var e = api.post("/api/servers/" + p4 + "/maintenance", "{\"action\":\"enter\"}");
        assertThat(e.status()).as(e.text()).isEqualTo(202);
        assertJobRanThePlan(ServersResourceTestSupport.waitForJob(api, e.body().path("id").asLong()), enter);

        JsonNode exit = plan((ObjectNode) api.json.createObjectNode().put("action", "maintenance_exit")
                .put("server_id", p4));
        assertThat(exit.path("steps").findValuesAsText("step")).containsExactly("start_stack", "attach_repository",
                "wait_live");
        var x = api.post("/api/servers/" + p4 + "/maintenance", "{\"action\":\"exit\"}");
        assertThat(x.status()).as(x.text()).isEqualTo(202);
        assertJobRanThePlan(ServersResourceTestSupport.waitForJob(api, x.body().path("id").asLong()), exit);
        assertThat(api.get("/api/servers/" + p4).body().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void badInputIsRefusedByField() {
        assertThat(api.post("/api/plan", "{\"action\":\"explode\"}").body().path("field").asText())
                .isEqualTo("action");
        assertThat(api.post("/api/plan", "{\"action\":\"remove_server\",\"server_id\":9999}").body()
                .path("field").asText()).isEqualTo("server_id");
        assertThat(api.post("/api/plan", "{\"action\":\"resync\",\"pool\":\"nope\"}").body()
                .path("field").asText()).isEqualTo("pool");
        assertThat(api.post("/api/plan", "{\"action\":\"change_timeouts\",\"pool\":\"pp\","
                + "\"idle_timeout_ms\":10}").body().path("field").asText()).isEqualTo("idle_timeout_ms");
    }

    private static List<String> textList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
