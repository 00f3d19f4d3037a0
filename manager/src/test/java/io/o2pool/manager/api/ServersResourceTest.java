package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.manager.agents.Finding;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Servers: Add Server through the API to ACTIVE, every bad input a 400 naming the field with nothing stored. */
class ServersResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        api.pool("pool1");
        for (int i = 1; i <= 5; i++) {
            api.fleet.add("127.0.1." + i, "vm-host0" + i);
        }
        api.fleet.add("127.0.2.1", "bad-host").withPreflightFinding(Finding.error("hosts.loopback", "bad",
                "/etc/hosts maps bad-host to 127.0.0.1", "map it to the real address"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static JsonNode waitForJob(long id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String s = api.get("/api/jobs/" + id).body().path("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED");
        });
        return api.get("/api/jobs/" + id).body();
    }

    static JsonNode addAndWait(String host, String name) {
        var r = api.post("/api/servers", api.server("pool1", host, name));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.body().path("kind").asText()).isEqualTo("ADD_SERVER");
        return waitForJob(r.body().path("id").asLong());
    }

    @Test
    void addServerGoesFromAddingToActive() {
        JsonNode job = addAndWait("127.0.1.1", "srv1");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("steps").findValuesAsText("status")).containsOnly("SUCCEEDED");
        JsonNode server = api.get("/api/servers/" + job.path("server_id").asLong()).body();
        assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(server.path("node_number").isInt()).isTrue();
        assertThat(server.path("agent_fingerprint").asText()).isEqualTo("fp-vm-host01");
        assertThat(server.has("agent_password")).isFalse();
        JsonNode second = addAndWait("127.0.1.2", "srv2");
        assertThat(second.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.fleet.at("127.0.1.1").liveText()).isEqualTo(api.fleet.at("127.0.1.2").liveText());
    }

    @Test
    void preflightFailureEndsErrorWithEveryFindingAndChangesNothing() {
        JsonNode job = addAndWait("127.0.2.1", "bad");
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error_step").asText()).isEqualTo("preflight");
        assertThat(job.path("state").path("plan").path("findings").findValuesAsText("code")).contains("hosts.loopback");
        JsonNode server = api.get("/api/servers/" + job.path("server_id").asLong()).body();
        assertThat(server.path("status").asText()).isEqualTo("ERROR");
        assertThat(server.path("status_step").asText()).isEqualTo("preflight");
        assertThat(api.fleet.at("127.0.2.1").changedAnything()).isFalse();
        // an ERROR server that holds no node number is deleted directly
        assertThat(api.delete("/api/servers/" + server.path("id").asLong()).status()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "name", "type", "pool", "agent_password"})
    void eachMissingRequiredFieldIs400NamingIt(String field) {
        var body = api.server("pool1", "127.0.9.1", "fresh");
        body.remove(field);
        assertRejected(body.toString(), field);
    }

    @Test
    void typeOutsideTheTwoIs400() {
        assertRejected(api.server("pool1", "127.0.9.1", "fresh").put("type", "STORAGE").toString(), "type");
    }

    @Test
    void unknownPoolIs400() {
        assertRejected(api.server("no-such-pool", "127.0.9.1", "fresh").toString(), "pool");
    }

    @Test
    void duplicateNameAndDuplicateIpAre400() {
        addAndWait("127.0.1.3", "srv3");
        assertRejected(api.server("pool1", "127.0.9.9", "srv3").toString(), "name");
        assertRejected(api.server("pool1", "127.0.1.3", "other").toString(), "host");
    }

    @Test
    void agentsBehindOneAddressAreServersByPortWithTheirOwnClusterAddresses() {
        api.fleet.addAt("127.0.0.1", 47801, "kvm-guest0");
        api.fleet.addAt("127.0.0.1", 47802, "kvm-guest1");
        api.pool("forwarded");
        for (int i = 0; i < 2; i++) {
            var body = api.server("forwarded", "127.0.0.1", "guest" + i).put("agent_port", 47801 + i)
                    .put("cluster_address", "10.77.0.1" + i);
            var r = api.post("/api/servers", body);
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            JsonNode job = waitForJob(r.body().path("id").asLong());
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            JsonNode server = api.get("/api/servers/" + job.path("server_id").asLong()).body();
            assertThat(server.path("ip_address").asText()).isEqualTo("10.77.0.1" + i);
        }
        assertThat(api.fleet.at("127.0.0.1:47801").liveText()).contains("ip_address = 10.77.0.10\n")
                .contains("ip_address = 10.77.0.11\n").doesNotContain("127.0.0.1")
                .isEqualTo(api.fleet.at("127.0.0.1:47802").liveText());

        assertRejected(api.server("forwarded", "127.0.0.1", "again").put("agent_port", 47801).toString(), "host");
        assertRejected(api.server("forwarded", "127.0.0.1", "again").put("agent_port", 47803)
                .put("cluster_address", "10.77.0.11").toString(), "cluster_address");
        assertRejected(api.server("forwarded", "127.0.0.1", "again").put("agent_port", 47803)
                .put("cluster_address", "10.77.0.300").toString(), "cluster_address");
        assertRejected(api.server("forwarded", "127.0.0.1", "again").put("agent_port", 47803)
                .put("cluster_address", "node.example").toString(), "cluster_address");
    }

    @Test
    void badPortAndUnknownFieldAre400() {
        assertRejected(api.server("pool1", "127.0.9.1", "fresh").put("agent_port", 0).toString(), "agent_port");
        assertRejected(api.server("pool1", "127.0.9.1", "fresh").put("hostname", "x").toString(), "hostname");
        assertRejected("[1,2]", "body");
    }

    private static void assertRejected(String body, String field) {
        int servers = api.get("/api/servers").body().size();
        int jobs = api.get("/api/jobs").body().size();
        var r = api.post("/api/servers", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).as(r.text()).isEqualTo(field);
        assertThat(api.get("/api/servers").body().size()).isEqualTo(servers);
        assertThat(api.get("/api/jobs").body().size()).isEqualTo(jobs);
    }

    @Test
    void batchAddsServersInOneJobAndNamesBadEntries() {
        var bad = api.json.createObjectNode().put("pool", "pool1");
        bad.putArray("servers").add(entry("127.0.1.4", "srv4"))
                .add(entry("127.0.1.5", "srv4"));
        var r = api.post("/api/servers/batch", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo("servers[1].name");

        var good = api.json.createObjectNode().put("pool", "pool1");
        good.putArray("servers").add(entry("127.0.1.4", "srv4"))
                .add(entry("127.0.1.5", "srv5"));
        var accepted = api.post("/api/servers/batch", good);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        JsonNode job = waitForJob(accepted.body().path("id").asLong());
        assertThat(job.path("kind").asText()).isEqualTo("BATCH_ADD");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode entry(String host, String name) {
        var e = api.server("pool1", host, name);
        e.remove("pool");
        return e;
    }

    @Test
    void unknownServerIs404() {
        assertThat(api.get("/api/servers/424242").status()).isEqualTo(404);
        assertThat(api.delete("/api/servers/424242").status()).isEqualTo(404);
        assertThat(api.get("/api/servers/abc").status()).isEqualTo(404);
    }
}
