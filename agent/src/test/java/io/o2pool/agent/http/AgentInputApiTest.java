package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ConfigChecksum;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.Finding;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.PreflightReport;
import io.o2pool.agent.api.PreflightRequest;
import io.o2pool.agent.api.ProbeListening;
import io.o2pool.agent.api.ProbeRequest;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.agent.api.RepositoryMount;
import io.o2pool.agent.api.Severity;
import io.o2pool.agent.api.VmStopResult;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.config.ConfigSamples;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Preflight, input validation and VMs against a real agent process on 127.0.1.4. */
class AgentInputApiTest {
    @TempDir
    static Path root;
    static AgentProcess agent;
    static HttpClient http;
    static final ObjectMapper json = Json.mapper();

    @BeforeAll
    static void startAgent() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        // the seed's mistake: the host's own name on the loopback line
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost vm-host03\n::1\tlocalhost ip6-localhost\n"
                + "192.168.3.152\tvm-host02\n");
        agent = AgentProcess.start(root, "127.0.1.4", List.of(), Map.of());
        http = HttpClient.newBuilder().sslContext(new PinnedTrust(agent.fingerprint()).sslContext()).build();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.stop();
        }
    }

    @Test
    void preflightFindsTheLoopbackMappingWithLineAndFixAndEveryOtherProblemInTheSameCall() {
        PreflightReport report = agent.client().preflight(new PreflightRequest("vm-host03", "192.168.3.153", 7777,
                "ocfs2", List.of("127.0.1.250:9"), false, null));
        assertThat(report.ok()).isFalse();
        Finding hosts = report.findings().stream().filter(f -> f.code().equals("hosts.loopback")).findFirst().orElseThrow();
        assertThat(hosts.severity()).isEqualTo(Severity.ERROR);
        assertThat(hosts.message()).contains(root.resolve("etc/hosts") + " line 1").contains("127.0.0.1");
        assertThat(hosts.value()).isEqualTo("127.0.0.1\tlocalhost vm-host03");
        assertThat(hosts.fix()).contains("remove vm-host03 from line 1").contains("leaving '127.0.0.1 localhost'")
                .contains("add the line '192.168.3.153 vm-host03'");
        assertThat(report.findings()).extracting(Finding::code)
                .contains("hosts.loopback", "address.not-local", "peer.unreachable");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
    }

    @Test
    void aLoopbackPoolMayMapTheNameToItsLoopbackAddress() throws Exception {
        PreflightReport report = agent.client().preflight(new PreflightRequest("vm-host03", "127.0.0.1", 7777,
                "ocfs2", List.of(), true, null));
        assertThat(report.findings()).extracting(Finding::code).doesNotContain("hosts.loopback", "address.loopback",
                "address.not-local");
    }

    static Stream<Arguments> badInput() {
        String conf = ConfigSamples.clusterConf(2);
        String o2cb = ConfigSamples.o2cb(31);
        Map<String, Object> stage255 = stage(1, "pool-1", conf.replace("number = 1", "number = 255"), o2cb);
        Map<String, Object> stageNoConf = stage(1, "pool-1", conf, o2cb);
        stageNoConf.remove("clusterConf");
        Map<String, Object> stageWrongSum = stage(1, "pool-1", conf, o2cb);
        stageWrongSum.put("checksum", ConfigChecksum.of("pool-2", conf, o2cb));
        Map<String, Object> stageStringGen = stage(1, "pool-1", conf, o2cb);
        stageStringGen.put("generation", "1");
        return Stream.of(
                Arguments.of("POST /v1/preflight", "{}", "nodeName"),
                Arguments.of("POST /v1/preflight", "not json", "body"),
                Arguments.of("POST /v1/preflight", "[1, 2]", "body"),
                Arguments.of("POST /v1/preflight", "{\"nodeName\":\"vm-host03\",\"address\":\"192.168.3.153\",\"port\":\"7777\"}", "port"),
                Arguments.of("POST /v1/preflight", "{\"nodeName\":\"vm-host03\",\"address\":\"300.1.1.1\"}", "address"),
                Arguments.of("POST /v1/preflight", "{\"nodeName\":\"vm-host03\",\"address\":\"192.168.3.153\",\"peers\":[\"x\"]}", "peers[0]"),
                Arguments.of("POST /v1/preflight", "{\"nodeName\":\"vm-host03\",\"address\":\"192.168.3.153\",\"port\":70000}", "port"),
                Arguments.of("POST /v1/config/stage", "{}", "generation"),
                Arguments.of("POST /v1/config/stage", write(stageStringGen), "generation"),
                Arguments.of("POST /v1/config/stage", write(stage255), "clusterConf"),
                Arguments.of("POST /v1/config/stage", write(stageNoConf), "clusterConf"),
                Arguments.of("POST /v1/config/stage", write(stage(1, "pool 1!", conf, o2cb)), "poolId"),
                Arguments.of("POST /v1/config/stage", write(stage(1, "pool-1", conf, o2cb.replace("=31", "=3"))), "o2cbDefaults"),
                Arguments.of("POST /v1/config/stage", write(stageWrongSum), "checksum"),
                Arguments.of("POST /v1/config/commit", "{}", "generation"),
                Arguments.of("POST /v1/config/commit", "{\"generation\":0}", "generation"),
                Arguments.of("POST /v1/config/commit", "{\"generation\":1.5}", "generation"),
                Arguments.of("POST /v1/config/abort", "{\"generation\":-1}", "generation"),
                Arguments.of("POST /v1/repository/attach", "{\"type\":\"directory\"}", "path"),
                Arguments.of("POST /v1/repository/attach", "{\"type\":\"nfs\",\"path\":\"/tmp\"}", "type"),
                Arguments.of("POST /v1/repository/attach", "{\"type\":\"directory\",\"path\":\"/etc\"}", "path"),
                Arguments.of("POST /v1/repository/attach", "{\"type\":\"directory\",\"path\":\"" + root.resolve("state/../..") + "\"}", "path"),
                Arguments.of("POST /v1/repository/attach", "{\"type\":\"directory\",\"path\":\"state\"}", "path"),
                Arguments.of("POST /v1/repository/attach", "{\"type\":\"directory\",\"path\":\"" + root.resolve("state") + "\",\"uuid\":\"zz\"}", "uuid"),
                Arguments.of("POST /v1/repository/inspect", "{\"path\":\"/tmp\"}", "type"),
                Arguments.of("POST /v1/repository/inspect", "{\"type\":\"directory\"}", "path"),
                Arguments.of("POST /v1/repository/inspect", "{\"type\":\"nfs\",\"path\":\"/tmp\"}", "type"),
                Arguments.of("POST /v1/repository/inspect", "{\"type\":\"directory\",\"path\":\"/etc\"}", "path"),
                Arguments.of("POST /v1/repository/inspect", "{\"type\":\"directory\",\"path\":\"state\"}", "path"),
                Arguments.of("POST /v1/repository/inspect", "{\"type\":\"directory\",\"path\":\"" + root.resolve("state") + "\"}", "path"),
                Arguments.of("POST /v1/repository/detach", "{\"path\":\"/tmp\"}", "type"),
                Arguments.of("POST /v1/repository/detach", "{\"type\":\"directory\",\"path\":\"/etc\"}", "path"),
                Arguments.of("POST /v1/config/rollback", "{}", "generation"),
                Arguments.of("POST /v1/config/rollback", "{\"generation\":0}", "generation"),
                Arguments.of("POST /v1/repository/convert-to-cluster", "{\"path\":\"/dev/null\",\"slots\":256}", "slots"),
                Arguments.of("POST /v1/vms/stop-all", "{\"timeoutSeconds\":\"soon\"}", "timeoutSeconds"),
                Arguments.of("POST /v1/vms/stop-all", "{\"timeoutSeconds\":0}", "timeoutSeconds"),
                Arguments.of("POST /v1/probe/listen", "{}", "address"),
                Arguments.of("POST /v1/probe/listen", "{\"address\":\"300.1.1.1\",\"port\":7777}", "address"),
                Arguments.of("POST /v1/probe/listen", "{\"address\":\"192.0.2.1\",\"port\":7777}", "address"),
                Arguments.of("POST /v1/probe/listen", "{\"address\":\"127.0.1.4\"}", "port"),
                Arguments.of("POST /v1/probe/listen", "{\"address\":\"127.0.1.4\",\"port\":65535}", "port"),
                Arguments.of("POST /v1/probe/listen", "{\"address\":\"127.0.1.4\",\"port\":\"7777\"}", "port"),
                Arguments.of("POST /v1/probe/listen", "{\"address\":\"127.0.1.4\",\"port\":7777,\"seconds\":301}",
                        "seconds"));
    }

    @ParameterizedTest(name = "{0} {1} -> 400 {2}")
    @MethodSource("badInput")
    void badInputIsRefusedWith400NamingTheFieldAndChangesNothing(String endpoint, String body, String field) throws Exception {
        HttpResponse<String> response = send(endpoint, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("bad-request");
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).isNotBlank();

        ConfigStatus config = agent.client().config();
        assertThat(config.live()).isNull();
        assertThat(config.staged()).isNull();
        assertThat(root.resolve("etc/ocfs2")).doesNotExist();
        assertThat(root.resolve("state/config/generations")).doesNotExist();
        assertThat(agent.client().repositories()).isEmpty();
    }

    @Test
    void inspectReportsARepositorysUuidWithoutAttachingIt() throws Exception {
        Path repository = Files.createDirectories(agent.stateDir().resolve("inspected"));
        Files.writeString(repository.resolve(".o2pool-repository"), "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n");
        try {
            var info = agent.client().inspectRepository("directory", repository.toString());
            assertThat(info.uuid()).isEqualTo("AAAAAAAABBBBCCCCDDDDEEEEEEEEEEEE");
            assertThat(info.type()).isEqualTo("directory");
            assertThat(info.source()).isEqualTo(repository.toString());
            assertThat(info.mode()).isEqualTo(RepositoryMode.NOT_OCFS2);
            assertThat(info.mount()).isEqualTo(RepositoryMount.NOT_A_MOUNT);
            // on the wire: typed fields, no string vocabulary to parse
            HttpResponse<String> raw = send("POST /v1/repository/inspect", "{\"type\":\"directory\",\"path\":\""
                    + repository + "\"}");
            JsonNode body = json.readTree(raw.body());
            assertThat(body.get("mode").asText()).isEqualTo("NOT_OCFS2");
            assertThat(body.get("mount").asText()).isEqualTo("NOT_A_MOUNT");
            assertThat(body.has("mountMode")).isFalse();
            assertThat(agent.client().repositories()).isEmpty();
        } finally {
            Files.delete(repository.resolve(".o2pool-repository"));
            Files.delete(repository);
        }
    }

    @Test
    void aClusterConfErrorCarriesTheParsersLineAndColumn() throws Exception {
        String conf = ConfigSamples.clusterConf(2).replace("number = 1", "number = 255");
        HttpResponse<String> response = send("POST /v1/config/stage", write(stage(1, "pool-1", conf, ConfigSamples.o2cb(31))));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("field").asText()).isEqualTo("clusterConf");
        assertThat(error.get("line").asInt()).isEqualTo(15);
        assertThat(error.get("column").asInt()).isEqualTo(11);
        assertThat(error.get("message").asText()).contains("Nodenum should be >=0 and < 255 but is 255");
    }

    @Test
    void aProbeListenerLetsAPeersPreflightReachThisNodesPortBeforeTheStackRuns() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.1.4"))) {
            port = free.getLocalPort();
        }
        String endpoint = "127.0.1.4:" + port;
        AgentClient client = agent.client();
        PreflightRequest fromPeer = new PreflightRequest("vm-host03", "127.0.0.1", 7777, "ocfs2", List.of(endpoint), true,
                null);
        assertThat(client.preflight(fromPeer).findings()).extracting(Finding::code).contains("peer.unreachable");

        ProbeListening probe = client.probeListen(new ProbeRequest("127.0.1.4", port, 20));
        assertThat(probe.listening()).isTrue();
        assertThat(probe.until()).isAfter(java.time.Instant.now());

        assertThat(client.preflight(fromPeer).findings()).extracting(Finding::code).doesNotContain("peer.unreachable");
        assertThat(client.preflight(new PreflightRequest("vm-host03", "127.0.1.4", port, "ocfs2", List.of(), true, null))
                .findings()).extracting(Finding::code).contains("port.probe").doesNotContain("port.in-use");
        assertThat(client.probeListen(new ProbeRequest("127.0.1.4", port, 1)).listening()).isTrue(); // shortened
        await().atMost(Duration.ofSeconds(20)).until(() -> client.preflight(fromPeer).findings().stream()
                .anyMatch(f -> f.code().equals("peer.unreachable")));
    }

    @Test
    void theProcessVmDriverListsAndStopsStandInVms() throws Exception {
        Process vm = new ProcessBuilder("sleep", "600").start();
        try {
            Files.createDirectories(agent.stateDir().resolve("vms"));
            Files.writeString(agent.stateDir().resolve("vms/guest1.vm"), "name=guest1\npid=" + vm.pid() + "\n");
            AgentClient client = agent.client();
            assertThat(client.vms()).singleElement().satisfies(v -> {
                assertThat(v.name()).isEqualTo("guest1");
                assertThat(v.pid()).isEqualTo(vm.pid());
            });
            assertThat(client.preflight(new PreflightRequest("vm-host03", "127.0.0.1", 7777, "ocfs2", List.of(), true, null))
                    .findings()).extracting(Finding::code).contains("vm.running");
            VmStopResult result = client.stopAllVms(30);
            assertThat(result.stopped()).containsExactly("guest1");
            assertThat(vm.isAlive()).isFalse();
            // GET /v1/vms lists every VM with its state (a stopped one stays defined); facts list the running ones
            assertThat(client.vms()).singleElement().satisfies(v -> assertThat(v.state()).isEqualToIgnoringCase("stopped"));
            assertThat(client.facts().vms()).isEmpty();
        } finally {
            vm.destroyForcibly();
        }
    }

    static Map<String, Object> stage(long generation, String poolId, String conf, String o2cb) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generation", generation);
        body.put("poolId", poolId);
        body.put("clusterConf", conf);
        body.put("o2cbDefaults", o2cb);
        return body;
    }

    static String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String methodAndPath, String body) throws Exception {
        String[] parts = methodAndPath.split(" ");
        HttpRequest request = HttpRequest.newBuilder(URI.create(agent.url() + parts[1])).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("o2pool:" + AgentProcess.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(parts[0], HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
