package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan: a dry run shows the exact change per node as a diff and stores nothing. */
class PlanResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        api.pool("pp");
        api.fleet.add("127.0.4.1", "phost1");
        var r = api.post("/api/servers", api.server("pp", "127.0.4.1", "p1"));
        ServersResourceTestSupport.waitForJob(api, r.body().path("id").asLong());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void planOfAnAddShowsTheDiffPerNodeWithoutChangingAnything() {
        var body = api.json.createObjectNode().put("action", "add_server").put("pool", "pp");
        var entry = api.server("pp", "127.0.4.2", "p2");
        entry.remove("pool");
        entry.remove("agent_password");
        body.putArray("servers").add(entry);
        int servers = api.get("/api/servers").body().size();
        var r = api.post("/api/plan", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode changes = r.body().path("plan").path("changes");
        assertThat(changes.findValuesAsText("kind")).containsExactly("UPDATE", "JOIN");
        assertThat(changes.get(0).path("diff").asText()).contains("-\tnode_count = 1\n+\tnode_count = 2\n")
                .contains("+\tip_address = 127.0.4.2\n");
        assertThat(r.body().path("plan").path("generation").asLong()).isEqualTo(2);
        assertThat(api.get("/api/servers").body().size()).isEqualTo(servers);
        assertThat(api.fleet.at("127.0.4.1").liveGeneration()).isEqualTo(1);
    }

    @Test
    void planOfARemoveAndBadInput() {
        long id = api.get("/api/servers").body().get(0).path("id").asLong();
        var r = api.post("/api/plan", "{\"action\":\"remove_server\",\"server_id\":" + id + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("plan").path("changes").findValuesAsText("kind")).containsExactly("LEAVE");
        assertThat(api.post("/api/plan", "{\"action\":\"explode\"}").body().path("field").asText())
                .isEqualTo("action");
        assertThat(api.post("/api/plan", "{\"action\":\"remove_server\",\"server_id\":9999}").body()
                .path("field").asText()).isEqualTo("server_id");
    }
}
