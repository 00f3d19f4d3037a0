package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.api.ClusterChange;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.client.FingerprintProbe;
import io.o2pool.agent.tls.PinnedTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API contract against a real agent process on 127.0.1.2: authentication, TLS pinning, health and the SSE stream. */
class AgentApiTest {
    static final List<String> PROTECTED = List.of("GET /v1/facts", "POST /v1/preflight", "POST /v1/config/stage",
            "POST /v1/config/commit", "POST /v1/config/abort", "GET /v1/config", "GET /v1/config/previous", "GET /v1/config/live",
            "POST /v1/probe/listen", "GET /v1/cluster", "POST /v1/cluster/online", "POST /v1/cluster/offline", "GET /v1/events", "GET /v1/fence", "GET /v1/health", "GET /metrics", "POST /v1/repository/attach", "GET /v1/repositories",
            "POST /v1/repository/convert-to-cluster", "GET /v1/vms", "POST /v1/vms/stop-all", "GET /v1/no-such-endpoint");

    @TempDir
    static Path root;
    static AgentProcess agent;
    static HttpClient http;
    static final ObjectMapper json = Json.mapper();

    @BeforeAll
    static void startAgent() throws Exception {
        agent = AgentProcess.start(root, "127.0.1.2", List.of(), Map.of());
        http = HttpClient.newBuilder().sslContext(new PinnedTrust(agent.fingerprint()).sslContext()).build();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.stop();
        }
    }

    static HttpResponse<String> send(String methodAndPath, String authorization, String body) throws Exception {
        String[] parts = methodAndPath.split(" ");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agent.url() + parts[1]))
                .timeout(Duration.ofSeconds(20)).method(parts[0], body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void healthIsOpenAndServesTheFingerprintPrintedAtStart() throws Exception {
        HttpResponse<String> response = send("GET /health", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("fingerprint").asText()).isEqualTo(agent.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(health.get("nodeName").asText()).isEqualTo("vm-host03");
        assertThat(FingerprintProbe.fingerprint(URI.create(agent.url()).getHost(), URI.create(agent.url()).getPort(),
                Duration.ofSeconds(10))).isEqualTo(agent.fingerprint());
    }

    @Test
    void everyEndpointButHealthNeedsThePassword() throws Exception {
        for (String endpoint : PROTECTED) {
            HttpResponse<String> response = send(endpoint, null, "{}");
            assertThat(response.statusCode()).as(endpoint).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(endpoint).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic"));
            assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
        }
    }

    @ParameterizedTest
    @CsvSource({"o2pool, wrong-password-42", "admin, " + AgentProcess.PASSWORD, "o2pool, ''"})
    void aWrongPasswordOrUserIsRefusedAndLogged(String user, String password) throws Exception {
        // every endpoint once for the wrong password; a failed check costs a full PBKDF2 run by design, so the
        // other variants try the endpoints that change state
        List<String> endpoints = user.equals("o2pool") && !password.isEmpty() ? PROTECTED
                : List.of("POST /v1/config/stage", "POST /v1/config/commit", "POST /v1/vms/stop-all");
        for (String endpoint : endpoints) {
            assertThat(send(endpoint, basic(user, password), "{}").statusCode()).as(endpoint).isEqualTo(401);
        }
        Path log = agent.stateDir().resolve("logs/agent.log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(log))
                .contains("authentication failed from 127.0.0.1 for POST /v1/config/stage: "
                        + (user.equals("o2pool") ? "wrong password for user 'o2pool'" : "unknown user 'admin'")));
        if (!password.isEmpty()) {
            assertThat(Files.readString(log)).doesNotContain(password.equals(AgentProcess.PASSWORD) ? "battery" : password);
        }
    }

    @Test
    void theRightPasswordIsAccepted() throws Exception {
        HttpResponse<String> response = send("GET /v1/facts", basic("o2pool", AgentProcess.PASSWORD), null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode facts = json.readTree(response.body());
        assertThat(facts.get("nodeName").asText()).isEqualTo("vm-host03");
        assertThat(facts.get("stackDrivers").findValuesAsText("name")).containsExactly("userspace", "kernel");
    }

    @Test
    void aClientPinningAnotherFingerprintRefusesTheConnection() {
        String other = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
        AgentClient pinnedElsewhere = new AgentClient(agent.url(), other, AgentProcess.PASSWORD, Duration.ofSeconds(10));
        assertThatThrownBy(pinnedElsewhere::health).isInstanceOf(AgentClientException.class)
                .satisfies(e -> assertThat(((AgentClientException) e).status()).isZero())
                .hasMessageContaining("does not match the pinned");
        assertThatThrownBy(pinnedElsewhere::facts).isInstanceOf(AgentClientException.class);
    }

    @Test
    void theClientPinnedToTheRightFingerprintWorks() {
        AgentClient client = agent.client();
        assertThat(client.health().fingerprint()).isEqualTo(agent.fingerprint());
        assertThat(client.cluster().driver()).isEqualTo("userspace");
        assertThat(client.vms()).isEmpty();
    }

    @Test
    void aCommittedChangeGoesLiveAndTheStackComesOnlineWithItsMembers() throws Exception {
        AgentClient client = agent.client();
        assertThatThrownBy(client::online).isInstanceOf(AgentClientException.class)
                .satisfies(e -> assertThat(((AgentClientException) e).status()).isEqualTo(409));
        StageRequest change = ConfigSamples.generation(2);
        assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
        ChangeResult committed = client.commit(2);
        assertThat(committed.stack()).isEqualTo(StackOutcome.APPLIES_WHEN_ONLINE);
        assertThat(committed.note()).contains("takes effect when it goes online");
        assertThat(client.config().live()).isEqualTo(new GenerationRef(2, change.checksum(), "pool-1"));
        assertThat(Files.readString(root.resolve("etc/ocfs2/cluster.conf"))).isEqualTo(change.clusterConf());
        assertThatThrownBy(() -> client.stage(ConfigSamples.generation(1))).isInstanceOf(AgentClientException.class)
                .satisfies(e -> assertThat(((AgentClientException) e).status()).isEqualTo(409));

        List<ClusterView> views = new CopyOnWriteArrayList<>();
        try (AutoCloseable stream = client.events(views::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !views.isEmpty());
            ClusterChange started = client.bringOnline();
            assertThat(started.outcome()).isEqualTo(StackOutcome.STARTED);
            assertThat(started.message()).contains("cluster ocfs2 online");
            ClusterView online = started.view();
            assertThat(online.state()).isEqualTo(StackState.ONLINE);
            assertThat(online.members()).extracting(Member::name, Member::local)
                    .containsExactly(tuple("vm-host03", true), tuple("vm-host02", false));
            await().atMost(Duration.ofSeconds(10)).until(() -> views.get(views.size() - 1).state() == StackState.ONLINE);
        }
        assertThat(client.bringOnline().outcome()).isEqualTo(StackOutcome.ALREADY_ONLINE);
        ClusterChange stopped = client.takeOffline();
        assertThat(stopped.outcome()).isEqualTo(StackOutcome.STOPPED);
        assertThat(stopped.state()).isEqualTo(StackState.OFFLINE);
        assertThat(client.offline().state()).as("the view-only answer still reads").isEqualTo(StackState.OFFLINE);
        assertThat(client.takeOffline().outcome()).isEqualTo(StackOutcome.ALREADY_OFFLINE);
    }

    @Test
    void membershipIsStreamedAsServerSentEvents() throws Exception {
        List<ClusterView> views = new CopyOnWriteArrayList<>();
        try (AutoCloseable stream = agent.client().events(views::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !views.isEmpty());
        }
        assertThat(views.get(0).driver()).isEqualTo("userspace");
    }
}
