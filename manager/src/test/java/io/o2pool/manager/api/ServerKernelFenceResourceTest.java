package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.agents.KernelFence;
import io.o2pool.manager.status.StatusMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel-stack server that fenced itself: its own agent has no record (the kernel writes none), a survivor's agent
 * has the record it assembled from the node's netconsole lines and its own eviction lines (the lines of
 * forensics.md §2.3). The record reaches the {@code fence.node-fenced} event and {@code GET /api/servers/{id}/fence}
 * exactly as a userspace one, with its kernel part; before this, the fence was recorded "without record".
 */
class ServerKernelFenceResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static long fencedId;

    @BeforeAll
    static void fenceOneOfThreeOnTheKernelStack() throws Exception {
        api = new ApiFixture(dir);
        api.pool("kp");
        for (int i = 1; i <= 3; i++) {
            api.fleet.add("127.0.1." + i, "vm-host0" + i);
            var r = api.post("/api/servers", api.server("kp", "127.0.1." + i, "srv" + i));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            long job = r.body().path("id").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + job).body().path("status")
                    .asText().equals("SUCCEEDED"));
        }
        fencedId = api.get("/api/servers").body().findParents("name").stream()
                .filter(s -> s.path("name").asText().equals("srv2")).findFirst().orElseThrow().path("id").asLong();
        StatusMonitor monitor = new StatusMonitor(api.manager.store(), api.fleet, api.clock);
        monitor.tick();
        api.clock.advance(Duration.ofSeconds(30));
        api.fleet.at("127.0.1.1").withAssembledFenceRecord(record(api.clock.instant()));
        api.fleet.at("127.0.1.3").withAssembledFenceRecord(recordOfHost03(api.clock.instant()));
        api.fleet.at("127.0.1.2").fence(); // FENCED, no record of its own
        monitor.tick();
    }

    static FenceRecord record(java.time.Instant at) {
        String timeout = "(kworker/0:2,48,0):o2hb_write_timeout:301 ERROR: Heartbeat write timeout to device dm-0"
                + " after 12012 milliseconds";
        return new FenceRecord(at, "ocfs2", "vm-host02", 1, "WRITE_TIMEOUT", timeout, 2, 2, 0, List.of("vm-host01"),
                List.of("vm-host01"), List.of(), "reset", new KernelFence("netconsole via vm-host01", 12012L, 5884L,
                        List.of("vm-host01=4608"), List.of(
                                new KernelFence.Line("NETCONSOLE", "vm-host02", "vm-host01", 62_144_191L, null, timeout),
                                new KernelFence.Line("NETCONSOLE", "vm-host02", "vm-host01", 62_145_210L, null,
                                        "*** ocfs2 is very sorry to be fencing this system by restarting ***"),
                                new KernelFence.Line("SURVIVOR", "vm-host01", null, 66_266_228L, null,
                                        "o2cb: o2dlm has evicted node 1 from domain 60E218C1B31E4AC2952958C57C37A4C3"))));
    }

    /** The same fence as the third server's agent assembled it: the same netconsole lines, its own eviction lines. */
    static FenceRecord recordOfHost03(java.time.Instant at) {
        FenceRecord host01 = record(at);
        List<KernelFence.Line> lines = new java.util.ArrayList<>(host01.kernel().lines().subList(0, 2).stream()
                .map(l -> new KernelFence.Line(l.origin(), l.node(), "vm-host03", l.uptimeUs(), l.level(), l.text()))
                .toList());
        lines.add(new KernelFence.Line("SURVIVOR", "vm-host03", null, 67_010_101L, null,
                "o2net: No longer connected to node vm-host02 (num 1) at 127.0.1.2:7777"));
        lines.add(new KernelFence.Line("SURVIVOR", "vm-host03", null, 67_016_228L, null,
                "o2cb: o2dlm has evicted node 1 from domain 60E218C1B31E4AC2952958C57C37A4C3"));
        return new FenceRecord(at.plusMillis(40), "ocfs2", "vm-host02", 1, "WRITE_TIMEOUT", host01.message(), 2, 2, 0,
                List.of("vm-host03"), List.of("vm-host03"), List.of(), "reset", new KernelFence(
                        "netconsole via vm-host03", 12012L, 5884L, List.of("vm-host03=3900"), lines));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theSurvivorsRecordIsTheServersFenceRecordWithItsKernelLines() {
        var r = api.get("/api/servers/" + fencedId + "/fence");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("FENCED");
        JsonNode record = r.body().path("records").get(0);
        assertThat(record.path("rule").asText()).isEqualTo("WRITE_TIMEOUT");
        assertThat(record.path("method").asText()).isEqualTo("reset");
        assertThat(record.path("lowest_node").asInt()).isZero();
        assertThat(record.path("peers_seen").toString()).as("both survivors' agents were asked")
                .isEqualTo("[\"vm-host01\",\"vm-host03\"]");
        assertThat(record.path("heartbeating").asInt()).as("the fenced node and the two survivors").isEqualTo(3);
        JsonNode kernel = record.path("kernel");
        assertThat(kernel.path("fenced_node_source").asText()).isEqualTo("netconsole via vm-host01");
        assertThat(kernel.path("write_timeout_ms").asLong()).isEqualTo(12012);
        assertThat(kernel.path("warning_before_fence_ms").asLong()).isEqualTo(5884);
        assertThat(kernel.path("lines").get(1).path("via").asText()).isEqualTo("vm-host01");
        assertThat(kernel.path("lines").get(2).path("origin").asText()).isEqualTo("SURVIVOR");
        assertThat(kernel.path("lines")).as("the first answer's netconsole lines, each survivor's eviction lines")
                .hasSize(5).extracting(l -> l.path("origin").asText() + " " + l.path("node").asText())
                .containsExactly("NETCONSOLE vm-host02", "NETCONSOLE vm-host02", "SURVIVOR vm-host01",
                        "SURVIVOR vm-host03", "SURVIVOR vm-host03");
        assertThat(kernel.path("eviction_ms").toString()).isEqualTo("[\"vm-host01=4608\",\"vm-host03=3900\"]");
    }

    @Test
    void theFenceEventCarriesTheRecordNotFencedWithoutRecord() {
        JsonNode events = api.get("/api/events?kind=fence.node-fenced").body();
        JsonNode event = events.findParents("kind").stream()
                .filter(e -> e.path("kind").asText().equals("fence.node-fenced")).findFirst().orElseThrow();
        assertThat(event.path("message").asText()).contains("WRITE_TIMEOUT", "netconsole via vm-host01",
                "read through the agent of srv1").doesNotContain("no fence record shown");
        assertThat(event.toString()).contains("o2dlm has evicted node 1");
    }
}
