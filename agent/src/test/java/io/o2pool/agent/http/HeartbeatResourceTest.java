package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.testing.HeartbeatStall;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/health} and {@code GET /metrics} against a real agent process on 127.0.1.26 running a one-node
 * userspace cluster at threshold 7 (write timeout 12 000 ms): OK while its writes are fast; once the
 * {@link HeartbeatStall} trigger makes every write complete 7000 ms late (more than half the write timeout, less than
 * all of it), WARNING with the latency figures — and no fence.
 */
class HeartbeatResourceTest extends RealAgentTest {
    private static final String ADDRESS = "127.0.1.26";

    @Test
    void slowHeartbeatWritesAreAWarningWithTheirFiguresBeforeAnyFence() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Files.writeString(repository.resolve(".o2pool-repository"), "11111111-2222-3333-4444-555555555555\n");
        Path trigger = root.resolve("slow-heartbeat");
        agent = AgentProcess.startStallingHeartbeatWhile(trigger, root.resolve("agent"), ADDRESS,
                List.of("--repository-root", repository.toString()));
        AgentClient client = agent.client();

        HeartbeatReport offline = client.heartbeat();
        assertThat(offline.driver()).isEqualTo("userspace");
        assertThat(offline.level()).isEqualTo("UNKNOWN");
        assertThat(offline.note()).isEqualTo("the userspace node is not heartbeating");

        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(7, 5000, 1000, 2000));
        StageRequest change = StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2",
                List.<String[]>of(new String[] {"vm-host03", ADDRESS, Integer.toString(freePort())})), o2cb);
        assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(client.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        client.online();
        client.attachRepository(new AttachRequest("directory", repository.toString(), null));
        await("vm-host03's write timeout armed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HeartbeatReport r = client.heartbeat();
                    return r.own() != null && Boolean.TRUE.equals(r.own().writeTimeoutArmed());
                });
        HeartbeatReport ok = client.heartbeat();
        assertThat(ok.level()).isEqualTo("OK");
        assertThat(ok.node()).isEqualTo("vm-host03");
        assertThat(ok.own().writeTimeoutMs()).isEqualTo(12_000);
        assertThat(ok.own().writes()).isPositive();
        assertThat(ok.own().maxMs()).isLessThan(6_000L);
        assertThat(ok.own().msSinceLastGoodWrite()).isLessThan(6_000L);
        assertThat(ok.peers()).isEmpty();
        String okMetrics = metrics();
        assertThat(okMetrics).contains("o2pool_heartbeat_warning{node=\"vm-host03\",driver=\"userspace\"} 0",
                "o2pool_heartbeat_write_timeout_ms{node=\"vm-host03\",driver=\"userspace\"} 12000",
                "o2pool_heartbeat_write_timeout_armed{node=\"vm-host03\",driver=\"userspace\"} 1",
                "# TYPE o2pool_heartbeat_write_latency_ms gauge",
                "o2pool_heartbeat_write_latency_ms{node=\"vm-host03\",driver=\"userspace\",stat=\"p99\"} ");

        Files.writeString(trigger, "delay 7000\n"); // every write now completes 7 s late
        await("a heartbeat.slow warning").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.heartbeat().own().nearMissesHalf() > 0);
        HeartbeatReport slow = client.heartbeat();
        assertThat(slow.level()).isEqualTo("WARNING");
        assertThat(slow.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("heartbeat.slow");
            assertThat(w.peer()).isNull();
            assertThat(w.message()).contains("took more than half the write timeout of 12000 ms");
        });
        assertThat(slow.own().maxMs()).isBetween(7_000L, 11_999L);
        assertThat(slow.own().p99Ms()).isEqualTo(slow.own().maxMs());
        assertThat(slow.own().totalNearMissesHalf()).isPositive();
        assertThat(metrics()).contains("o2pool_heartbeat_warning{node=\"vm-host03\",driver=\"userspace\"} 1",
                "o2pool_heartbeat_near_misses{node=\"vm-host03\",driver=\"userspace\",over=\"half\"} ");
        assertThat(client.cluster().state()).as("slow is not hung: no fence").isEqualTo(StackState.HEARTBEATING);
        Files.delete(trigger);
    }

    /** {@code GET /metrics} with the agent's credentials. */
    private String metrics() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(new io.o2pool.agent.tls.PinnedTrust(agent.fingerprint()).sslContext()).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(agent.url() + "/metrics"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("o2pool:" + AgentProcess.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8))).GET().build();
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "text/plain; version=0.0.4"));
        return r.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ADDRESS, 0));
            return s.getLocalPort();
        }
    }
}
