package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.manager.status.StatusMonitor;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fenced server's fence record through the API: {@code GET /api/servers/{id}/fence}, the {@code fence} object of a
 * FENCED server's JSON, and the {@code details} of its {@code fence.node-fenced} event.
 */
class ServerFenceResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static long fencedId;
    static long liveId;

    @BeforeAll
    static void fenceOneOfThree() throws Exception {
        api = new ApiFixture(dir);
        api.pool("fp");
        for (int i = 1; i <= 3; i++) {
            api.fleet.add("127.0.1." + i, "vm-host0" + i);
            var r = api.post("/api/servers", api.server("fp", "127.0.1." + i, "srv" + i));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            long job = r.body().path("id").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + job).body().path("status")
                    .asText().equals("SUCCEEDED"));
        }
        fencedId = api.get("/api/servers").body().findParents("name").stream()
                .filter(s -> s.path("name").asText().equals("srv2")).findFirst().orElseThrow().path("id").asLong();
        liveId = fencedId - 1;
        StatusMonitor monitor = new StatusMonitor(api.manager.store(), api.fleet, api.clock);
        monitor.tick(); // baseline: all live
        api.clock.advance(Duration.ofSeconds(30));
        api.fleet.at("127.0.1.2").fence(api.clock.instant(), "WRITE_TIMEOUT");
        monitor.tick();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theServersFenceRecordsNewestFirstWithEveryField() {
        var r = api.get("/api/servers/" + fencedId + "/fence");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("name").asText()).isEqualTo("srv2");
        assertThat(r.body().path("status").asText()).isEqualTo("FENCED");
        JsonNode record = r.body().path("records").get(0);
        assertThat(r.body().path("records").size()).isEqualTo(1);
        assertThat(record.path("rule").asText()).isEqualTo("WRITE_TIMEOUT");
        assertThat(record.path("node").asText()).isEqualTo("vm-host02");
        assertThat(record.path("cluster").asText()).isEqualTo("ocfs2");
        assertThat(record.path("heartbeating").asInt()).isEqualTo(3);
        assertThat(record.path("connected").asInt()).isEqualTo(1);
        assertThat(record.path("lowest_node").asInt()).isZero();
        assertThat(record.path("peers_seen").toString()).isEqualTo("[\"peer-a\",\"peer-b\"]");
        assertThat(record.path("last_write_latencies_ms").toString()).isEqualTo("[3,4,12000]");
        assertThat(record.path("method").asText()).isEqualTo("stop");
        assertThat(record.path("time").asText()).isEqualTo(api.clock.instant().toString());
        assertThat(record.path("message").asText()).isNotBlank();
    }

    @Test
    void aFencedServersJsonCarriesItsRecordAndALiveOneNone() {
        JsonNode fenced = api.get("/api/servers/" + fencedId).body();
        assertThat(fenced.path("status").asText()).isEqualTo("FENCED");
        assertThat(fenced.path("fence").path("rule").asText()).isEqualTo("WRITE_TIMEOUT");
        JsonNode live = api.get("/api/servers/" + liveId).body();
        assertThat(live.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(live.path("fence").isNull()).isTrue();
        assertThat(api.get("/api/servers/" + liveId + "/fence").body().path("records").size()).isZero();
        assertThat(api.get("/api/servers").body().findParents("name").stream()
                .filter(s -> s.path("id").asLong() == fencedId).findFirst().orElseThrow()
                .path("fence").path("rule").asText()).isEqualTo("WRITE_TIMEOUT");
    }

    @Test
    void theFenceEventCarriesTheRecordAsANestedObject() {
        JsonNode event = api.get("/api/events").body().findParents("kind").stream()
                .filter(e -> e.path("kind").asText().equals("fence.node-fenced")).findFirst().orElseThrow();
        assertThat(event.path("server_id").asLong()).isEqualTo(fencedId);
        assertThat(event.path("details").isObject()).as(event.toString()).isTrue();
        assertThat(event.path("details").path("last_write_latencies_ms").size()).isEqualTo(3);
        JsonNode other = api.get("/api/events").body().get(0);
        assertThat(other.path("details").isNull()).as(other.toString()).isTrue();
    }

    @Test
    void anUnknownServerIs404AndABadLimit400() {
        assertThat(api.get("/api/servers/999999/fence").status()).isEqualTo(404);
        var bad = api.get("/api/servers/" + fencedId + "/fence?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asText()).isEqualTo("limit");
        assertThat(api.get("/api/servers/" + fencedId + "/fence?limit=1").body().path("records").size()).isEqualTo(1);
    }
}
