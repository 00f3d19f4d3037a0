package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pools: SPEC defaults, every field validated (400 naming it, nothing stored); edit (any field of an empty pool, only
 * the name and a raised max_nodes of one with servers: 409 naming the field and why) and delete (409 naming its
 * servers).
 */
class PoolsResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    /** A pool with one ACTIVE server (fake agent edit-host1), for the edits refused while a pool has servers. */
    static final String BUSY = "busy";
    static long busyId;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        busyId = api.pool(BUSY).path("id").asLong();
        api.fleet.add("127.0.3.1", "edit-host1");
        var added = api.post("/api/servers", api.server(BUSY, "127.0.3.1", "edit-host1"));
        assertThat(ServersResourceTestSupport.waitForJob(api, added.body().path("id").asLong())
                .path("status").asText()).isEqualTo("SUCCEEDED");
    }

    private static io.o2pool.testkit.JsonHttp.Reply patch(long id, String body) {
        return api.send("PATCH", "/api/pools/" + id, body, api.token);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void createsAPoolWithTheSpecDefaults() {
        var p = api.pool("defaults");
        assertThat(p.path("cluster_name").asText()).isEqualTo("ocfs2");
        assertThat(p.path("ip_port").asInt()).isEqualTo(7777);
        assertThat(p.path("heartbeat_dead_threshold").asInt()).isEqualTo(31);
        assertThat(p.path("idle_timeout_ms").asInt()).isEqualTo(30000);
        assertThat(p.path("keepalive_delay_ms").asInt()).isEqualTo(2000);
        assertThat(p.path("reconnect_delay_ms").asInt()).isEqualTo(2000);
        assertThat(p.path("repository_type").asText()).isEqualTo("OCFS2");
        assertThat(p.path("heartbeat_mode").asText()).isEqualTo("LOCAL");
        assertThat(p.path("generation").asLong()).isZero();
        var got = api.get("/api/pools/" + p.path("id").asLong());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().path("servers").isArray()).isTrue();
        assertThat(api.get("/api/pools").body().findValuesAsText("name")).contains("defaults");
        assertThat(api.get("/api/pools/999999").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"repository_path\":\"/dev/sdc1\"}                                                  | name",
        "{\"name\":\"p\"}                                                                     | repository_path",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"heartbeat_dead_threshold\":6}           | heartbeat_dead_threshold",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"idle_timeout_ms\":4999}                  | idle_timeout_ms",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"keepalive_delay_ms\":999}                | keepalive_delay_ms",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"keepalive_delay_ms\":30000}              | keepalive_delay_ms",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"reconnect_delay_ms\":1999}               | reconnect_delay_ms",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"ip_port\":70000}                         | ip_port",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"max_nodes\":256}                         | max_nodes",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"cluster_name\":\"way-too-long-cluster\"} | cluster_name",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"repository_type\":\"ISCSI\"}             | repository_type",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"heartbeat_mode\":\"disk\"}               | heartbeat_mode",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"repository_uuid\":\"xyz\"}               | repository_uuid",
        "{\"name\":\"p\",\"repository_path\":\"/d\",\"colour\":\"red\"}                        | colour",
        "{\"name\":\"bad name\",\"repository_path\":\"/d\"}                                   | name",
    })
    void badFieldIs400NamingItAndStoresNothing(String body, String field) {
        int before = api.get("/api/pools").body().size();
        var r = api.post("/api/pools", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo(field);
        assertThat(api.get("/api/pools").body().size()).isEqualTo(before);
    }

    @Test
    void duplicateNameIs400() {
        api.pool("twice");
        var r = api.post("/api/pools", "{\"name\":\"twice\",\"repository_path\":\"/d\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo("name");
    }

    @Test
    void changeTimeoutsQueuesAJobThatRecordsTheNewValues() {
        long id = api.pool("tune").path("id").asLong();
        var r = api.send("PUT", "/api/pools/" + id + "/timeouts",
                "{\"heartbeat_dead_threshold\":15,\"reconnect_delay_ms\":4000}", api.token);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.body().path("kind").asText()).isEqualTo("CHANGE_TIMEOUTS");
        long job = r.body().path("id").asLong();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                api.get("/api/jobs/" + job).body().path("status").asText().equals("SUCCEEDED"));
        var pool = api.get("/api/pools/" + id).body();
        assertThat(pool.path("heartbeat_dead_threshold").asInt()).isEqualTo(15);
        assertThat(pool.path("idle_timeout_ms").asInt()).as("kept").isEqualTo(30000);
        assertThat(pool.path("keepalive_delay_ms").asInt()).as("kept").isEqualTo(2000);
        assertThat(pool.path("reconnect_delay_ms").asInt()).isEqualTo(4000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"heartbeat_dead_threshold\":6}                              | heartbeat_dead_threshold",
        "{\"idle_timeout_ms\":4999}                                    | idle_timeout_ms",
        "{\"keepalive_delay_ms\":30000}                                | keepalive_delay_ms",
        "{\"reconnect_delay_ms\":\"soon\"}                             | reconnect_delay_ms",
        "{\"cluster_name\":\"other\"}                                  | cluster_name",
        "{\"heartbeat_dead_threshold\":31}                             | heartbeat_dead_threshold",
    })
    void badTimeoutsAre400NamingTheFieldAndQueueNothing(String body, String field) {
        long id = api.pool("tune-" + field.length() + body.length()).path("id").asLong();
        int jobs = api.get("/api/jobs").body().size();
        var r = api.send("PUT", "/api/pools/" + id + "/timeouts", body, api.token);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo(field);
        assertThat(api.get("/api/jobs").body().size()).isEqualTo(jobs);
        assertThat(api.get("/api/pools/" + id).body().path("heartbeat_dead_threshold").asInt()).isEqualTo(31);
    }

    @Test
    void changeTimeoutsOfAnUnknownPoolIs404() {
        assertThat(api.send("PUT", "/api/pools/987654/timeouts", "{\"heartbeat_dead_threshold\":15}", api.token)
                .status()).isEqualTo(404);
    }

    @Test
    void driftIsListedPerPoolAndAResyncCanBeAskedFor() {
        long id = api.pool("drifting").path("id").asLong();
        var drift = api.get("/api/pools/" + id + "/drift");
        assertThat(drift.status()).isEqualTo(200);
        assertThat(drift.body().isArray()).isTrue();
        assertThat(drift.body()).isEmpty();
        var r = api.post("/api/pools/" + id + "/resync", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.body().path("kind").asText()).isEqualTo("RESYNC");
        long job = r.body().path("id").asLong();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                api.get("/api/jobs/" + job).body().path("status").asText().equals("SUCCEEDED"));
        assertThat(api.get("/api/pools/987654/drift").status()).isEqualTo(404);
        assertThat(api.post("/api/pools/987654/resync", "{}").status()).isEqualTo(404);
    }

    @Test
    void anEmptyPoolChangesAnyFieldAndTheChangeIsLogged() {
        long id = api.pool("edit-empty").path("id").asLong();
        var r = patch(id, """
                {"name": "edit-empty-2", "cluster_name": "other", "ip_port": 7778, "heartbeat_dead_threshold": 15,
                 "idle_timeout_ms": 40000, "max_nodes": 8, "repository_path": "/dev/sdd1", "heartbeat_mode": "GLOBAL",
                 "repository_uuid": "FEDCBA98765432100123456789ABCDEF", "loopback_pool": true}""");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        var pool = api.get("/api/pools/" + id).body();
        assertThat(pool.path("name").asText()).isEqualTo("edit-empty-2");
        assertThat(pool.path("cluster_name").asText()).isEqualTo("other");
        assertThat(pool.path("ip_port").asInt()).isEqualTo(7778);
        assertThat(pool.path("heartbeat_dead_threshold").asInt()).isEqualTo(15);
        assertThat(pool.path("idle_timeout_ms").asInt()).isEqualTo(40000);
        assertThat(pool.path("keepalive_delay_ms").asInt()).as("left out: kept").isEqualTo(2000);
        assertThat(pool.path("max_nodes").asInt()).isEqualTo(8);
        assertThat(pool.path("repository_path").asText()).isEqualTo("/dev/sdd1");
        assertThat(pool.path("repository_uuid").asText()).isEqualTo("fedcba98765432100123456789abcdef");
        assertThat(pool.path("heartbeat_mode").asText()).isEqualTo("GLOBAL");
        assertThat(pool.path("loopback_pool").asBoolean()).isTrue();
        assertThat(lastEvent("pool.updated")).contains("pool edit-empty-2 changed", "name edit-empty -> edit-empty-2",
                "ip_port 7777 -> 7778", "heartbeat_mode LOCAL -> GLOBAL");

        // a new repository path forgets the UUID (learned again from the first server); null clears a field
        r = patch(id, "{\"repository_path\": \"/dev/sde1\", \"loopback_pool\": null}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("repository_uuid").isNull()).isTrue();
        assertThat(r.body().path("loopback_pool").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"name\":\"bad name\"}                              | name",
        "{\"name\":\"busy\"}                                  | name",
        "{\"cluster_name\":\"way-too-long-cluster\"}          | cluster_name",
        "{\"ip_port\":0}                                       | ip_port",
        "{\"keepalive_delay_ms\":30000}                        | keepalive_delay_ms",
        "{\"max_nodes\":256}                                   | max_nodes",
        "{\"repository_type\":\"ISCSI\"}                      | repository_type",
        "{\"repository_uuid\":\"xyz\"}                        | repository_uuid",
        "{\"heartbeat_mode\":\"disk\"}                        | heartbeat_mode",
        "{\"loopback_pool\":\"yes\"}                          | loopback_pool",
        "{\"generation\":5}                                    | generation",
    })
    void aBadFieldIs400NamingItAndChangesNothing(String body, String field) {
        long id = api.pool("edit-bad-" + Math.abs(body.hashCode())).path("id").asLong();
        var before = api.get("/api/pools/" + id).body();
        var r = patch(id, body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo(field);
        assertThat(api.get("/api/pools/" + id).body()).isEqualTo(before);
    }

    @Test
    void aPoolWithServersIsRenamedAndItsServersStayInIt() {
        var r = patch(busyId, "{\"name\": \"busy-renamed\", \"ip_port\": 7777, \"cluster_name\": \"ocfs2\"}");
        assertThat(r.status()).as("unchanged cluster values are no change: " + r.text()).isEqualTo(200);
        assertThat(r.body().path("name").asText()).isEqualTo("busy-renamed");
        assertThat(r.body().path("servers").findValuesAsText("name")).containsExactly("edit-host1");
        assertThat(lastEvent("pool.updated")).contains("name busy -> busy-renamed").doesNotContain("ip_port");
        assertThat(patch(busyId, "{\"name\": \"busy\"}").status()).isEqualTo(200);
    }

    /**
     * Raising max_nodes changes no member's files (it bounds the node numbers Add Server gives; the volume's slots are
     * checked per Add Server), so a pool with servers may raise it; lowering it is the 409 below. A pool that outgrew
     * its max_nodes could otherwise only be emptied and made again.
     */
    @Test
    void aPoolWithServersRaisesItsMaxNodesAndNothingElseChanges() {
        var before = api.get("/api/pools/" + busyId).body();
        int was = before.path("max_nodes").asInt();
        var r = patch(busyId, "{\"max_nodes\": " + (was + 8) + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("max_nodes").asInt()).isEqualTo(was + 8);
        assertThat(r.body().path("generation").asLong()).as("no new generation").isEqualTo(before.path("generation")
                .asLong());
        assertThat(r.body().path("servers").findValuesAsText("name")).containsExactly("edit-host1");
        assertThat(lastEvent("pool.updated")).contains("max_nodes " + was + " -> " + (was + 8));

        var lower = patch(busyId, "{\"max_nodes\": " + was + "}");
        assertThat(lower.status()).as("lowering it again: %s", lower.text()).isEqualTo(409);
        assertThat(lower.body().path("field").asText()).isEqualTo("max_nodes");
        assertThat(lower.body().path("error").asText()).contains("node numbers", "it may only be raised");
        assertThat(api.get("/api/pools/" + busyId).body().path("max_nodes").asInt()).isEqualTo(was + 8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cluster_name             | \"other\"                            | cluster.conf",
        "ip_port                  | 7778                                 | o2net",
        "heartbeat_mode           | \"GLOBAL\"                           | heartbeat mode",
        "heartbeat_dead_threshold | 15                                   | PUT /api/pools/{id}/timeouts",
        "idle_timeout_ms          | 40000                                | PUT /api/pools/{id}/timeouts",
        "keepalive_delay_ms       | 3000                                 | PUT /api/pools/{id}/timeouts",
        "reconnect_delay_ms       | 4000                                 | PUT /api/pools/{id}/timeouts",
        "max_nodes                | 16                                   | it may only be raised",
        "repository_type          | \"NFS\"                              | mounts",
        "repository_path          | \"/dev/sdd1\"                        | mounts",
        "repository_uuid          | \"fedcba98765432100123456789abcdef\" | UUID",
        "loopback_pool            | false                                | cluster addresses",
    })
    void aClusterFieldOfAPoolWithServersIs409NamingTheFieldAndWhy(String field, String value, String why) {
        var before = api.get("/api/pools/" + busyId).body();
        var r = patch(busyId, "{\"name\": \"busy-too\", \"" + field + "\": " + value + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.body().path("field").asText()).isEqualTo(field);
        assertThat(r.body().path("error").asText()).contains("pool busy has 1 server(s) (edit-host1)",
                "only its name may change", field + " cannot change while the pool has servers",
                why.replace("{id}", String.valueOf(busyId)), "Remove the servers first");
        assertThat(api.get("/api/pools/" + busyId).body()).as("nothing changed, not even the name").isEqualTo(before);
    }

    @Test
    void aPoolWithServersIsNotDeletedAndTheRefusalNamesThem() {
        var r = api.delete("/api/pools/" + busyId);
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.body().path("error").asText()).contains("pool busy has 1 server(s): edit-host1",
                "remove them first");
        assertThat(api.get("/api/pools/" + busyId).status()).isEqualTo(200);
    }

    @Test
    void aPoolIsDeletedOnceItsLastServerIsRemovedWithItsJobs() {
        long id = api.pool("short-lived").path("id").asLong();
        api.fleet.add("127.0.3.2", "edit-host2");
        long add = api.post("/api/servers", api.server("short-lived", "127.0.3.2", "edit-host2")).body().path("id")
                .asLong();
        assertThat(ServersResourceTestSupport.waitForJob(api, add).path("status").asText()).isEqualTo("SUCCEEDED");
        long server = api.get("/api/pools/" + id).body().path("servers").get(0).path("id").asLong();
        long remove = api.delete("/api/servers/" + server).body().path("id").asLong();
        assertThat(ServersResourceTestSupport.waitForJob(api, remove).path("status").asText()).isEqualTo("SUCCEEDED");

        var r = api.delete("/api/pools/" + id);
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(api.get("/api/pools/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/jobs/" + add).status()).as("its jobs went with it").isEqualTo(404);
        assertThat(lastEvent("pool.deleted")).isEqualTo("pool short-lived deleted by admin with its 2 finished job(s)");
        assertThat(api.delete("/api/pools/" + id).status()).isEqualTo(404);
        assertThat(patch(id, "{\"name\": \"again\"}").status()).isEqualTo(404);
    }

    private static String lastEvent(String kind) {
        var events = api.get("/api/events?limit=5000").body();
        String message = null;
        for (var e : events) {
            if (e.path("kind").asText().equals(kind)) {
                message = e.path("message").asText();
            }
        }
        return message;
    }
}
