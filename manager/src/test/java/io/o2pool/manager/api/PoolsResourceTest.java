package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Pools: SPEC defaults, every field validated (400 naming it, nothing stored). */
class PoolsResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
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
}
