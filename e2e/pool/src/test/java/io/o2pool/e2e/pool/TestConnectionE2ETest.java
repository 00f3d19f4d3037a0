package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.api.AttachRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Test Connection runs the Add Server job's own preflight against real agents (userspace stack): each problem the job
 * would refuse is a finding in Test Connection's one answer, naming the server and the fix, and nothing is created —
 * no server row, nothing staged on any agent. One test per finding, then all of them at once; a blocked direction of
 * the o2net matrix (an nftables rule from one member's address to the newcomer's ip_port) names both servers and the
 * direction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestConnectionE2ETest {
    static final String POOL = "tc";
    RealPool pool;
    ManagerClient api;
    RealAgent three;
    String membersHosts;

    @BeforeAll
    void startPool() throws Exception {
        pool = RealPool.startInTempDir("o2pool-tc-", 3, List.of());
        api = pool.api();
        assertThat(api.post("/api/pools", pool.poolBody(POOL, true)).status()).isEqualTo(201);
        for (int i = 1; i <= 2; i++) {
            var r = api.post("/api/servers", pool.serverBody(POOL, pool.agent(i)));
            JsonNode job = pool.awaitJob(r.body().path("id").asLong(), Duration.ofSeconds(120));
            assertThat(job.path("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        }
        three = pool.agent(3);
        membersHosts = Files.readString(three.hostsFile());
    }

    @AfterAll
    void stopPool() throws java.io.IOException {
        if (pool != null) {
            pool.closeAndDeleteFiles();
        }
    }

    @AfterEach
    void nothingWasCreated() {
        // the servers' own names (a server's heartbeat health names its peers too)
        assertThat(java.util.stream.StreamSupport.stream(api.get("/api/servers").body().spliterator(), false)
                .map(s -> s.path("name").asText()).toList()).containsExactlyInAnyOrder("server1", "server2");
        assertThat(three.config().staged()).as("nothing staged on the candidate").isNull();
        assertThat(three.config().live()).isNull();
    }

    private ObjectNode body() {
        return api.object().put("pool", POOL).put("host", three.address()).put("name", "server3")
                .put("agent_password", RealAgent.PASSWORD).put("agent_port", three.port());
    }

    private JsonNode test(ObjectNode body) {
        var r = api.post("/api/servers/test-connection", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("reachable").asBoolean()).as(r.text()).isTrue();
        return r.body();
    }

    private static List<String> codes(JsonNode answer) {
        return answer.path("findings").findValuesAsText("code");
    }

    @Test
    void aCleanCandidateHasNoErrorAFullMatrixThePlanAndTheFingerprintToPin() {
        JsonNode answer = test(body());
        assertThat(answer.path("findings").findParents("severity").stream()
                .filter(f -> f.path("severity").asText().equals("ERROR")).toList()).as("%s", answer).isEmpty();
        assertThat(answer.path("fingerprint").asText()).isEqualTo(three.fingerprint());
        // member -> newcomer and newcomer -> member, every one connected
        assertThat(answer.path("matrix")).hasSize(4);
        assertThat(answer.path("matrix").findValuesAsText("ok")).containsOnly("true");
        assertThat(answer.path("plan").path("steps").findValuesAsText("step")).contains("stage", "commit",
                "wait_live");
    }

    @Test
    void aNameInUse() {
        assertThat(codes(test(body().put("name", "server1")))).contains("server.name");
    }

    @Test
    void anAddressInUse() {
        JsonNode answer = test(body().put("cluster_address", pool.agent(1).address()));
        assertThat(codes(answer)).contains("node.address");
    }

    @Test
    void anotherRepository() throws Exception {
        Path copy = pool.otherRepository("tc-copy");
        three.client().attachRepository(new AttachRequest("directory", copy.toString(), null));
        try {
            JsonNode answer = test(body());
            assertThat(codes(answer)).contains("repository.uuid");
            assertThat(answer.toString()).contains("server3");
        } finally {
            three.client().detachRepository("directory", copy.toString());
        }
    }

    @Test
    void aMemberThatDrifted() throws Exception {
        RealAgent two = pool.agent(2);
        Path conf = two.clusterConfPath();
        String original = Files.readString(conf);
        Files.writeString(conf, original + "\n# edited by hand\n");
        try {
            JsonNode answer = test(body());
            assertThat(answer.path("findings").findParents("code").stream()
                    .filter(f -> f.path("code").asText().equals("member.drift")).toList())
                    .singleElement().satisfies(f -> assertThat(f.path("server").asText()).isEqualTo("server2"));
        } finally {
            Files.writeString(conf, original);
        }
    }

    @Test
    void aHostsFileThatMapsTheNameElsewhere() throws Exception {
        three.writeHosts(membersHosts.replace("127.0.1.3\te2e-host3", "127.0.1.9\te2e-host3"));
        try {
            assertThat(codes(test(body()))).anyMatch(c -> c.startsWith("hosts."));
        } finally {
            three.writeHosts(membersHosts);
        }
    }

    @Test
    void fixHostsShowsTheDiffThenWritesItWithABackupAndThePreflightIsClean() throws Exception {
        String bad = membersHosts.replace("127.0.1.3\te2e-host3", "127.0.1.9\te2e-host3");
        three.writeHosts(bad);
        try {
            JsonNode finding = test(body()).path("findings").findParents("code").stream()
                    .filter(f -> f.path("code").asText().startsWith("hosts.")).findFirst().orElseThrow();
            assertThat(finding.path("fix").asText()).contains("o2pool server fix-hosts");

            ObjectNode fix = api.object().put("host", three.address()).put("name", "server3")
                    .put("agent_password", RealAgent.PASSWORD).put("agent_port", three.port());
            var shown = api.post("/api/servers/fix-hosts", fix.deepCopy().put("apply", false));
            assertThat(shown.status()).as(shown.text()).isEqualTo(200);
            assertThat(shown.body().path("diff").asText()).contains("-127.0.1.9\te2e-host3")
                    .contains("+127.0.1.3\te2e-host3");
            assertThat(Files.readString(three.hostsFile())).as("a dry run writes nothing").isEqualTo(bad);
            String sha = shown.body().path("sha256").asText();

            // the file changed after it was shown: refused, nothing written
            three.writeHosts(bad + "# touched\n");
            var stale = api.post("/api/servers/fix-hosts", fix.deepCopy().put("apply", true).put("expected_sha256",
                    sha));
            assertThat(stale.status()).as(stale.text()).isEqualTo(409);
            assertThat(stale.text()).contains("changed since");
            three.writeHosts(bad);

            var applied = api.post("/api/servers/fix-hosts", fix.deepCopy().put("apply", true)
                    .put("expected_sha256", sha));
            assertThat(applied.status()).as(applied.text()).isEqualTo(200);
            assertThat(applied.body().path("applied").asBoolean()).isTrue();
            Path backup = Path.of(applied.body().path("backup").asText());
            assertThat(Files.readString(backup)).isEqualTo(bad);
            assertThat(Files.readString(three.hostsFile())).contains("127.0.1.3\te2e-host3")
                    .doesNotContainPattern("(?m)^127\\.0\\.1\\.9\\te2e-host3");
            assertThat(codes(test(body()))).noneMatch(c -> c.startsWith("hosts."));
            Files.deleteIfExists(backup);
        } finally {
            three.writeHosts(membersHosts);
        }
    }

    @Test
    void aBlockedDirectionOfTheMatrixNamesBothServers() throws Exception {
        Assumptions.assumeTrue(AgentPortBlock.available(), "needs root and nft to block one direction");
        try (AgentPortBlock block = AgentPortBlock.blockDirection(pool.agent(1).address(), three.address(),
                pool.ipPort())) {
            JsonNode answer = test(body());
            JsonNode blocked = answer.path("findings").findParents("code").stream()
                    .filter(f -> f.path("code").asText().equals("connectivity.blocked")).findFirst().orElseThrow();
            assertThat(blocked.path("message").asText()).contains("from server1 (" + pool.agent(1).address() + ")",
                    "to server3 at " + three.address() + ":" + pool.ipPort());
            assertThat(answer.path("matrix").findParents("from").stream()
                    .filter(l -> !l.path("ok").asBoolean()).map(l -> l.path("from").asText() + ">"
                            + l.path("to").asText()).toList()).containsExactly("server1>server3");
        }
    }

    @Test
    void everyProblemAtOnceInOneAnswer() throws Exception {
        three.writeHosts(membersHosts.replace("127.0.1.3\te2e-host3", "127.0.1.9\te2e-host3"));
        Path copy = pool.otherRepository("tc-all");
        three.client().attachRepository(new AttachRequest("directory", copy.toString(), null));
        try {
            JsonNode answer = test(body().put("name", "server1"));
            assertThat(codes(answer)).contains("server.name", "repository.uuid")
                    .anyMatch(c -> c.startsWith("hosts."));
            assertThat(answer.path("plan").path("refused").asBoolean()).isTrue();
        } finally {
            three.client().detachRepository("directory", copy.toString());
            three.writeHosts(membersHosts);
        }
    }
}
