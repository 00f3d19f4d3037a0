package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.manager.status.StatusMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose agent reports slow heartbeat writes: its server JSON carries the health (WARNING, the figures, the
 * peers), {@code /metrics} the gauges, and the audit log a {@code heartbeat.slow} event — while it stays ACTIVE.
 */
class ServerHeartbeatApiTest {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static long slowId;

    @BeforeAll
    static void oneSlowMemberOfTwo() throws Exception {
        api = new ApiFixture(dir);
        api.pool("hp");
        for (int i = 1; i <= 2; i++) {
            api.fleet.add("127.0.1." + i, "vm-host0" + i);
            var r = api.post("/api/servers", api.server("hp", "127.0.1." + i, "srv" + i));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            long job = r.body().path("id").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + job).body().path("status")
                    .asText().equals("SUCCEEDED"));
        }
        slowId = api.get("/api/servers").body().findParents("name").stream()
                .filter(s -> s.path("name").asText().equals("srv2")).findFirst().orElseThrow().path("id").asLong();
        var warning = new HeartbeatReport.Warning("heartbeat.slow", null, "2 heartbeat writes in the last 60 s took "
                + "more than half the write timeout of 12000 ms (1 more than three quarters); slowest 9500 ms, p50 3 ms,"
                + " p99 9500 ms: check the shared storage");
        var own = new HeartbeatReport.OwnWrites(12_000, true, 1500L, 0L, 60_000, 29, 3L, 9500L, 9500L, 2, 1, 812,
                2, 1);
        var peer = new HeartbeatReport.Peer("vm-host01", 0, true, 1900L, 0, 14_000, "CONNECTED", 420L);
        api.fleet.at("127.0.1.2").withHeartbeat(new HeartbeatReport("userspace", "vm-host02",
                api.clock.instant(), "WARNING", List.of(warning), own, List.of(peer), null));
        new StatusMonitor(api.manager.store(), api.fleet, api.clock, StatusMonitor.RejoinQueue.NONE,
                api.manager.heartbeats()).tick();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theServersJsonCarriesItsHeartbeatHealthWhileItStaysActive() {
        JsonNode s = api.get("/api/servers/" + slowId).body();
        assertThat(s.path("status").asText()).isEqualTo("ACTIVE");
        JsonNode h = s.path("heartbeat");
        assertThat(h.path("level").asText()).isEqualTo("WARNING");
        assertThat(h.path("warnings").get(0).path("kind").asText()).isEqualTo("heartbeat.slow");
        assertThat(h.path("own").path("write_timeout_ms").asLong()).isEqualTo(12_000);
        assertThat(h.path("own").path("p99_ms").asLong()).isEqualTo(9500);
        assertThat(h.path("own").path("near_misses_half").asInt()).isEqualTo(2);
        assertThat(h.path("peers").get(0).path("last_change_age_ms").asLong()).isEqualTo(1900);
        assertThat(h.path("peers").get(0).path("connection").asText()).isEqualTo("CONNECTED");
        JsonNode other = api.get("/api/servers/" + (slowId - 1)).body();
        assertThat(other.path("heartbeat").isNull()).as("an agent that reports none").isTrue();
        assertThat(api.get("/api/events?limit=100").text()).contains("heartbeat.slow",
                "vm-host02 (node 1) on server srv2: 2 heartbeat writes in the last 60 s");
    }

    @Test
    void metricsCarryTheHeartbeatGaugesPerServerAndPeer() {
        String text = api.send("GET", "/metrics", null, null).text();
        assertThat(text).contains("# TYPE o2pool_server_heartbeat_warning gauge",
                "o2pool_server_heartbeat_warning{server=\"srv2\",pool_id=\"",
                "node=\"vm-host02\"} 1",
                "o2pool_server_heartbeat_write_latency_ms{server=\"srv2\",",
                "stat=\"p99\"} 9500",
                "over=\"three_quarters\"} 1",
                "peer=\"vm-host01\"} 1900",
                "o2pool_server_o2net_last_message_age_ms{server=\"srv2\",");
        assertThat(text).doesNotContain("server=\"srv1\"");
    }
}
