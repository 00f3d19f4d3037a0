package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.e2e.pool.ManagerClient.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in arguments, logs or answers. A whole run with real processes — a manager given its admin and database
 * passwords in files, three agents, the operator's REST calls (create a pool, Test Connection right and wrong, plan,
 * add, batch add, every list and detail), a wrong login, forged tokens, a manager restart — and then every line every
 * process logged, every process's command line and every API answer is searched for each password and token that was
 * used. A token may appear only in the login answer that issued it.
 */
class SecretsE2ETest {
    private static final String POOL = "secrets";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final String UNIQUE = UUID.randomUUID().toString().substring(0, 8);
    private static final String DB_PASSWORD = "db-secret-" + UNIQUE;
    private static final String WRONG_ADMIN_PASSWORD = "wrong-admin-secret-" + UNIQUE;
    private static final String WRONG_AGENT_PASSWORD = "wrong-agent-secret-" + UNIQUE;
    private static final String FORGED_TOKEN = "forged-token-" + UNIQUE;
    private static final String FORGED_QUERY_TOKEN = "forged-query-token-" + UNIQUE;

    @TempDir
    Path dir;

    private final List<Exchange> answers = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();

    @Test
    void noPasswordOrTokenAppearsInAnyLogLineArgumentOrAnswer() throws Exception {
        Path dbPasswordFile = dir.resolve("db-password");
        Files.createFile(dbPasswordFile, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(dbPasswordFile, DB_PASSWORD + "\n");
        Path root = dir.resolve("pool");
        List<String> db = List.of("--db-url", "jdbc:h2:file:" + root.resolve("manager/secret-db"), "--db-user",
                "o2pool", "--db-password-file", dbPasswordFile.toString());
        try (RealPool pool = RealPool.start(root, 3, db, 0, Map.of("O2POOL_E2E_LOG_LEVEL", "DEBUG"))) {
            ManagerClient api = watch(pool.api());
            operate(pool, api);
            Map<String, String> secrets = secrets();
            assertNoSecretInCommandLines(pool, secrets);
            api = watch(pool.restartManager(Map.of()));
            assertThat(api.get("/api/servers").body()).hasSize(3);
            secrets = secrets();
            assertNoSecretInCommandLines(pool, secrets);

            int lines = assertNoSecretInLogs(root, secrets);
            assertThat(lines).as("log lines searched").isGreaterThan(100);
            assertThat(pool.manager().output()).as("the manager logged its INFO lines too")
                    .contains("listening on https://", "INFO", "user admin logged in");
            assertThat(pool.agent(1).output() + logsOf(pool.agent(1)))
                    .as("the wrong agent password was tried and logged (without itself)")
                    .contains("authentication failed");
            assertNoSecretInAnswers(secrets);
        }
    }

    private ManagerClient watch(ManagerClient api) {
        tokens.add(api.token());
        return api.onExchange(answers::add);
    }

    /** What an operator does in a day, through the REST API. */
    private void operate(RealPool pool, ManagerClient api) {
        created(api.post("/api/pools", pool.poolBody(POOL, true)), 201);
        ObjectNode test = api.object().put("pool", POOL).put("host", pool.agent(1).address()).put("name", "server1")
                .put("agent_password", RealAgent.PASSWORD).put("agent_port", pool.agent(1).port());
        assertThat(api.post("/api/servers/test-connection", test).body().path("reachable").asBoolean()).isTrue();
        var wrong = api.post("/api/servers/test-connection", test.deepCopy().put("agent_password",
                WRONG_AGENT_PASSWORD));
        assertThat(wrong.text()).as("a wrong agent password is reported").containsIgnoringCase("password");

        ObjectNode plan = api.object().put("action", "add_server").put("pool", POOL);
        ObjectNode first = pool.serverBody(POOL, pool.agent(1));
        first.remove("pool");
        plan.putArray("servers").add(first);
        assertThat(api.post("/api/plan", plan).status()).isEqualTo(200);
        var added = created(api.post("/api/servers", pool.serverBody(POOL, pool.agent(1))), 202);
        succeeded(pool, added.path("id").asLong());

        ObjectNode batch = api.object().put("pool", POOL);
        for (int i : new int[] {2, 3}) {
            ObjectNode s = pool.serverBody(POOL, pool.agent(i));
            s.remove("pool");
            batch.withArray("servers").add(s);
        }
        succeeded(pool, created(api.post("/api/servers/batch", batch), 202).path("id").asLong());

        JsonNode servers = api.get("/api/servers").body();
        assertThat(servers).hasSize(3);
        long poolId = api.get("/api/pools").body().get(0).path("id").asLong();
        for (JsonNode s : servers) {
            api.get("/api/servers/" + s.path("id").asLong());
            api.get("/api/servers/" + s.path("id").asLong() + "/fence");
        }
        for (JsonNode j : api.get("/api/jobs").body()) {
            api.get("/api/jobs/" + j.path("id").asLong());
        }
        for (String path : List.of("/api/pools/" + poolId, "/api/pools/" + poolId + "/membership",
                "/api/pools/" + poolId + "/drift", "/api/events", "/api/openapi.json", "/metrics")) {
            api.get(path);
        }

        var refused = api.sendAs("POST", "/api/login", api.object().put("user", "admin")
                .put("password", WRONG_ADMIN_PASSWORD).toString(), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(api.sendAs("GET", "/api/servers", null, FORGED_TOKEN).status()).isEqualTo(401);
        assertThat(api.sendAs("GET", "/api/servers?access_token=" + FORGED_QUERY_TOKEN, null, null).status())
                .isEqualTo(401);
        var second = api.sendAs("POST", "/api/login", api.object().put("user", "admin")
                .put("password", RealManager.ADMIN_PASSWORD).toString(), null);
        assertThat(second.status()).isEqualTo(200);
        tokens.add(second.body().path("token").asText());
        assertThat(api.sendAs("GET", "/api/events", null, second.body().path("token").asText()).status())
                .isEqualTo(200);
    }

    private static JsonNode created(io.o2pool.testkit.JsonHttp.Reply r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.body();
    }

    private static void succeeded(RealPool pool, long jobId) {
        JsonNode job = pool.awaitJob(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    /** Every secret of the run, by a name a failure message can show without revealing it. */
    private Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin password", RealManager.ADMIN_PASSWORD);
        secrets.put("database password", DB_PASSWORD);
        secrets.put("agent password", RealAgent.PASSWORD);
        secrets.put("wrong admin password", WRONG_ADMIN_PASSWORD);
        secrets.put("wrong agent password", WRONG_AGENT_PASSWORD);
        secrets.put("forged token", FORGED_TOKEN);
        secrets.put("forged query token", FORGED_QUERY_TOKEN);
        for (int i = 0; i < tokens.size(); i++) {
            secrets.put("token " + (i + 1), tokens.get(i));
        }
        return secrets;
    }

    private static void assertNoSecretInCommandLines(RealPool pool, Map<String, String> secrets) throws IOException {
        List<Long> pids = new ArrayList<>(List.of(pool.manager().pid()));
        for (int i = 1; i <= 3; i++) {
            pids.add(pool.agent(i).pid());
        }
        for (long pid : pids) {
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            assertThat(cmdline).as("command line of %s", pid).contains("--");
            secrets.forEach((name, value) -> assertThat(cmdline).as("the %s in the command line of process %s: %s",
                    name, pid, cmdline).doesNotContain(value));
        }
    }

    /** Searches every *.out and *.log file under {@code root}; returns the number of lines searched. */
    private static int assertNoSecretInLogs(Path root, Map<String, String> secrets) throws IOException {
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(root)) {
            logs = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".out")
                    || p.toString().endsWith(".log")).toList();
        }
        assertThat(logs).as("log files").anyMatch(p -> p.getFileName().toString().startsWith("manager-"))
                .anyMatch(p -> p.getFileName().toString().equals("agent.log"));
        int searched = 0;
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                for (var secret : secrets.entrySet()) {
                    assertThat(line).as("the %s in %s line %d", secret.getKey(), root.relativize(log), n + 1)
                            .doesNotContain(secret.getValue());
                }
            }
            searched += lines.size();
        }
        return searched;
    }

    /** Every answer; a token only in the answer of the login that issued it. */
    private void assertNoSecretInAnswers(Map<String, String> secrets) {
        assertThat(answers).as("answers recorded").hasSizeGreaterThan(20);
        for (Exchange e : answers) {
            String text = e.reply().text();
            secrets.forEach((name, value) -> {
                boolean issuedHere = e.path().equals("/api/login") && name.startsWith("token ");
                if (!issuedHere) {
                    assertThat(text).as("the %s in the answer to %s %s", name, e.method(), e.path())
                            .doesNotContain(value);
                }
            });
        }
    }

    private static String logsOf(RealAgent agent) throws IOException {
        Path log = agent.stateDir().resolve("logs/agent.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
