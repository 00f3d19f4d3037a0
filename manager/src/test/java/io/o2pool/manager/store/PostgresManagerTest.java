package io.o2pool.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.manager.api.ApiFixture;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same manager on PostgreSQL: migrations, validation, Add Server to ACTIVE, and a restart that keeps everything.
 * Runs when {@code O2POOL_TEST_PG_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/o2pool_test}) is set, with
 * {@code O2POOL_TEST_PG_USER} / {@code O2POOL_TEST_PG_PASSWORD} (default {@code o2pool_test} / {@code o2pool_test}).
 * Each run works in a fresh schema it drops afterwards.
 */
class PostgresManagerTest {
    static final String URL = System.getenv("O2POOL_TEST_PG_URL");
    static final String USER = System.getenv().getOrDefault("O2POOL_TEST_PG_USER", "o2pool_test");
    static final String PASSWORD = System.getenv().getOrDefault("O2POOL_TEST_PG_PASSWORD", "o2pool_test");

    @TempDir
    Path dir;
    String schema;

    @BeforeEach
    void createSchema() throws Exception {
        assumeTrue(URL != null && !URL.isBlank(), "O2POOL_TEST_PG_URL not set; PostgreSQL test skipped");
        schema = "o2pool_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(URL, USER, PASSWORD); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            try (var c = DriverManager.getConnection(URL, USER, PASSWORD); var s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The database options as an operator gives them: the password in a file, never on the command line. */
    private List<String> dbArgs() {
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Path passwordFile = dir.resolve("db-password");
        try {
            java.nio.file.Files.writeString(passwordFile, PASSWORD + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of("--db-url", url, "--db-user", USER, "--db-password-file", passwordFile.toString());
    }

    @Test
    void managerRunsOnPostgresAndKeepsItsStateAcrossARestart() {
        long serverId;
        try (ApiFixture api = new ApiFixture(dir, dbArgs())) {
            api.pool("pgpool");
            api.fleet.add("127.0.6.1", "pg-host1");
            var bad = api.post("/api/servers", api.server("pgpool", "127.0.6.1", "pg1").put("type", "NAS"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("field").asText()).isEqualTo("type");
            var accepted = api.post("/api/servers", api.server("pgpool", "127.0.6.1", "pg1"));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
            JsonNode job = waitForJob(api, accepted.body().path("id").asLong());
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            serverId = job.path("server_id").asLong();
            var dup = api.post("/api/servers", api.server("pgpool", "127.0.6.9", "pg1"));
            assertThat(dup.body().path("field").asText()).isEqualTo("name");
        }
        try (ApiFixture again = new ApiFixture(dir, dbArgs())) {
            assertThat(again.printed).doesNotContain("created user");
            JsonNode server = again.get("/api/servers/" + serverId).body();
            assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(server.path("node_number").asInt()).isZero();
            assertThat(again.get("/api/events").body().findValuesAsText("kind")).contains("server.status");
        }
    }

    static JsonNode waitForJob(ApiFixture api, long id) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
            String s = api.get("/api/jobs/" + id).body().path("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED");
        });
        return api.get("/api/jobs/" + id).body();
    }
}
