package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackState;
import io.o2pool.manager.jobs.PausePoint;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfReader;
import io.o2pool.ocfs2.conf.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Add Server end to end with real processes: a manager process and agent JVMs on 127.0.1.1-5 sharing a repository
 * folder, driven only through the REST API (the seed's Servers tab), checked on the agents' own files and APIs. The
 * tests run in order on one pool: five servers added one by one, bad input, preflight failures that change nothing,
 * a member's agent killed mid-add, the manager killed mid-add. Subclasses choose the database (H2, PostgreSQL).
 *
 * <p>Liveness: when an agent's stack heartbeats (state HEARTBEATING) every member must see every node alive; an
 * agent whose userspace stack does not heartbeat yet (state ONLINE) can only be checked to list every node. Set
 * {@code O2POOL_E2E_REQUIRE_LIVE=1} to make a non-heartbeating stack a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AddServerE2ESuite {
    static final String POOL = "e2e";
    static final int MEMBERS = 5;
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    static final boolean REQUIRE_LIVE = "1".equals(System.getenv("O2POOL_E2E_REQUIRE_LIVE"));
    /** {@code O2POOL_E2E_KEEP=1} keeps the processes' files and logs (in /tmp/o2pool-e2e-*) for a post-mortem. */
    static final boolean KEEP_FILES = "1".equals(System.getenv("O2POOL_E2E_KEEP"));

    Path dir;
    RealPool pool;
    ManagerClient api;
    /** Agents that are pool members, in the order they were added. */
    final List<RealAgent> members = new ArrayList<>();

    /** The manager's database arguments: empty for H2 in its data directory. */
    abstract List<String> dbArgs() throws Exception;

    /** A JDBC connection to the manager's database (H2: only while the manager is stopped, it locks the file). */
    abstract java.sql.Connection openDatabase() throws Exception;

    @BeforeAll
    void startPool() throws Exception {
        List<String> db = dbArgs();
        dir = Files.createTempDirectory("o2pool-e2e-");
        pool = RealPool.start(dir, MEMBERS, db);
        api = pool.api();
        var created = api.post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    @AfterAll
    void stopPool() throws java.io.IOException {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (dir != null && !KEEP_FILES) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        dir = null;
    }

    @Test
    @Order(0)
    void addsFiveServersOneByOneEachReachingActive() {
        for (int i = 1; i <= MEMBERS; i++) {
            RealAgent agent = pool.agent(i);
            var accepted = api.post("/api/servers", pool.serverBody(POOL, agent));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
            JsonNode job = pool.awaitJob(accepted.body().path("id").asLong(), JOB_TIMEOUT);
            assertThat(job.path("status").asText()).as("add %s: %s", agent.nodeName(), job).isEqualTo("SUCCEEDED");
            JsonNode server = api.get("/api/servers/" + job.path("server_id").asLong()).body();
            assertThat(server.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(server.path("node_number").asInt()).isEqualTo(i - 1);
            members.add(agent);
            assertMembersAgree();
        }
    }

    /**
     * The agent password is used once: after Add Server no column of any table holds it (the manager is stopped
     * to read every table), each agent refuses the password and any certificate but the manager's, and the manager,
     * restarted, still reaches every agent with its certificate alone.
     */
    @Test
    @Order(1)
    void afterAddServerNoTableHoldsTheAgentPasswordAndAgentsAcceptOnlyTheManagersCertificate() throws Exception {
        pool.manager().stop();
        List<String> scanned = new ArrayList<>();
        try (java.sql.Connection c = openDatabase()) {
            var meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (var rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("the manager's tables").isNotEmpty();
            for (String table : tables) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rs.getString(i);
                            assertThat(value == null ? "" : value).as("%s.%s", table,
                                    rs.getMetaData().getColumnName(i)).doesNotContain(RealAgent.PASSWORD);
                        }
                    }
                }
                scanned.add(table);
            }
        } finally {
            api = pool.restartManager(Map.of());
        }
        assertThat(scanned).anyMatch(t -> t.equalsIgnoreCase("servers")).anyMatch(t -> t.equalsIgnoreCase("jobs"))
                .anyMatch(t -> t.equalsIgnoreCase("events"));
        for (RealAgent m : members) {
            var passwordOnly = new io.o2pool.agent.client.AgentClient(m.url(), m.fingerprint(), RealAgent.PASSWORD,
                    Duration.ofSeconds(20));
            org.assertj.core.api.Assertions.assertThatThrownBy(passwordOnly::facts).as(m.nodeName())
                    .hasMessageContaining("password is no longer accepted");
            var stranger = io.o2pool.agent.tls.SelfSignedCertificates.create(new io.o2pool.agent.tls
                    .SelfSignedCertificates.Subject("stranger", "stranger", List.of(), List.of(),
                    java.util.EnumSet.of(io.o2pool.agent.tls.SelfSignedCertificates.Purpose.CLIENT)),
                    java.time.Clock.systemUTC(), new java.security.SecureRandom());
            var otherCertificate = new io.o2pool.agent.client.AgentClient(m.url(), m.fingerprint(),
                    RealAgent.PASSWORD, stranger.keyManagers(), Duration.ofSeconds(20));
            org.assertj.core.api.Assertions.assertThatThrownBy(otherCertificate::facts).as(m.nodeName())
                    .hasMessageContaining("is not the enrolled manager's");
            assertThat(m.client().enrolment().managerFingerprint()).as("the manager's certificate, enrolled")
                    .isNotBlank();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (JsonNode s : api.get("/api/servers").body()) {
                assertThat(s.path("status").asText()).as(s.path("name").asText()).isEqualTo("ACTIVE");
            }
        });
        var plan = api.post("/api/plan", api.json().createObjectNode().put("action", "resync").put("pool", POOL));
        assertThat(plan.status()).as("the restarted manager reaches every agent: " + plan.text()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        int servers = api.get("/api/servers").body().size();
        int jobs = api.get("/api/jobs").body().size();
        RealAgent newcomer = pool.agent(1);
        for (String field : List.of("host", "name", "type", "pool", "agent_password")) {
            ObjectNode body = pool.serverBody(POOL, newcomer).put("name", "fresh").put("host", "127.0.1.8");
            body.remove(field);
            assertRefused(body, field);
        }
        assertRefused(pool.serverBody(POOL, newcomer).put("name", "fresh").put("host", "127.0.1.8")
                .put("type", "NAS_SERVER"), "type");
        assertRefused(pool.serverBody("no-such-pool", newcomer).put("name", "fresh").put("host", "127.0.1.8"), "pool");
        assertRefused(pool.serverBody(POOL, newcomer).put("host", "127.0.1.8"), "name"); // server1 exists
        assertRefused(pool.serverBody(POOL, newcomer).put("name", "fresh"), "host"); // 127.0.1.1 is server1's
        assertThat(api.get("/api/servers").body().size()).isEqualTo(servers);
        assertThat(api.get("/api/jobs").body().size()).isEqualTo(jobs);
    }

    @Test
    @Order(3)
    void preflightListsEveryFindingAndChangesNoFile() throws Exception {
        pool.startAgents(List.of(6));
        RealAgent six = pool.agent(6);
        // the seed's mistake: the host name on the loopback line; and a local copy of the repository attached
        six.writeHosts("127.0.0.1\tlocalhost " + six.nodeName() + "\n");
        Path copy = pool.otherRepository("local-copy");
        six.client().attachRepository(new io.o2pool.agent.api.AttachRequest("directory", copy.toString(), null));
        var lan = api.post("/api/pools", pool.poolBody("lan", false));
        assertThat(lan.status()).as(lan.text()).isEqualTo(201);
        Map<String, RealAgent.LiveFiles> before = liveFiles(six);

        // a pool that is not loopback-local: the agent refuses its loopback address (the mapping check then
        // defers to address.loopback), and the manager sees the other repository
        JsonNode job = addAndAwait("lan", six);
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error_step").asText()).isEqualTo("preflight");
        assertThat(findingCodes(job)).as("findings of %s", job).contains("repository.uuid", "address.loopback");
        assertThat(liveFiles(six)).as("no file changed").isEqualTo(before);
        removeFailedServer(job);

        // the members' loopback pool: the name mapped to 127.0.0.1, not to its 127.0.1.6 cluster address
        JsonNode again = addAndAwait(POOL, six);
        assertThat(again.path("status").asText()).isEqualTo("FAILED");
        assertThat(again.path("error_step").asText()).isEqualTo("preflight");
        assertThat(findingCodes(again)).as("findings of %s", again).contains("repository.uuid")
                .anyMatch(c -> c.startsWith("hosts."));
        assertThat(liveFiles(six)).as("no file changed").isEqualTo(before);
        removeFailedServer(again);
        six.stop();
    }

    @Test
    @Order(4)
    void aMemberAgentKilledDuringTheAddLeavesEverySurvivorOnThePreviousGeneration() throws Exception {
        RealAgent victim = pool.agent(MEMBERS);
        victim.restart(Map.of("O2POOL_AGENT_CRASH_AT", "STAGE_RECORDED"));
        pool.startAgents(List.of(7));
        RealAgent seven = pool.agent(7);
        long generation = members.getFirst().liveGeneration();
        Map<String, RealAgent.LiveFiles> before = liveFiles();

        var accepted = api.post("/api/servers", pool.serverBody(POOL, seven));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        await("agent " + victim.nodeName() + " to block at its crash point").atMost(JOB_TIMEOUT)
                .pollInterval(Duration.ofMillis(20)).until(victim::crashPointReached);
        victim.kill9();
        JsonNode job = pool.awaitJob(accepted.body().path("id").asLong(), JOB_TIMEOUT);

        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("FAILED");
        assertThat(api.get("/api/servers/" + job.path("server_id").asLong()).body().path("status").asText())
                .isEqualTo("ERROR");
        for (RealAgent survivor : members.subList(0, MEMBERS - 1)) {
            assertThat(survivor.liveGeneration()).as(survivor.nodeName()).isEqualTo(generation);
            assertThat(survivor.config().staged()).as(survivor.nodeName() + " staged").isNull();
        }
        assertThat(liveFiles()).as("every member's live files, the killed one's included").isEqualTo(before);
        removeFailedServer(job);
        victim.restart(Map.of());
    }

    @Test
    @Order(5)
    void theManagerKilledMidAddFinishesOrRollsBackWithEveryNodeOnOneGeneration() throws Exception {
        pool.restartManager(Map.of(PausePoint.ENVIRONMENT_VARIABLE, "commit"));
        api = pool.api();
        RealAgent seven = pool.agent(7);
        var accepted = api.post("/api/servers", pool.serverBody(POOL, seven));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        long jobId = accepted.body().path("id").asLong();
        await("the manager to freeze after the commit step").atMost(JOB_TIMEOUT)
                .pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(pool.manager().pauseMarker()));
        pool.manager().kill9();

        api = pool.restartManager(Map.of());
        JsonNode job = pool.awaitJob(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asText()).as(job.toString()).isIn("SUCCEEDED", "FAILED");
        if (job.path("status").asText().equals("SUCCEEDED")) {
            members.add(seven);
        }
        long poolGeneration = api.get("/api/pools").body().get(0).path("generation").asLong();
        for (RealAgent m : members) {
            assertThat(m.liveGeneration()).as(m.nodeName()).isEqualTo(poolGeneration);
        }
        assertMembersAgree();
    }

    @Test
    @Order(6)
    void poolTimeoutsChangeOnEveryMemberAtOnceAndNeverWhileAVmRuns() throws Exception {
        long poolId = api.get("/api/pools").body().get(0).path("id").asLong();
        ObjectNode wanted = api.object().put("heartbeat_dead_threshold", 15).put("idle_timeout_ms", 10000);
        RealAgent host = members.getFirst();
        Map<String, RealAgent.LiveFiles> before = liveFiles();
        Process standIn = new ProcessBuilder("sleep", "600").start();
        try {
            Path vms = host.stateDir().resolve("vms");
            Files.createDirectories(vms);
            Files.writeString(vms.resolve("vm-e2e.vm"), "name=vm-e2e\npid=" + standIn.pid() + "\n");
            var refused = api.put("/api/pools/" + poolId + "/timeouts", wanted);
            assertThat(refused.status()).as(refused.text()).isEqualTo(202);
            JsonNode job = pool.awaitJob(refused.body().path("id").asLong(), JOB_TIMEOUT);
            assertThat(job.path("status").asText()).isEqualTo("FAILED");
            assertThat(job.path("error_message").asText()).as(job.toString()).contains("runs VMs [vm-e2e]")
                    .contains("nothing was changed");
            assertThat(liveFiles()).as("no member's files changed").isEqualTo(before);
        } finally {
            standIn.destroyForcibly().waitFor();
        }

        var accepted = api.put("/api/pools/" + poolId + "/timeouts", wanted);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        JsonNode job = pool.awaitJob(accepted.body().path("id").asLong(), JOB_TIMEOUT);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        for (RealAgent m : members) {
            String defaults = new String(m.liveFiles().o2cbDefaults(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(defaults).as(m.nodeName()).contains("O2CB_HEARTBEAT_THRESHOLD=15\n")
                    .contains("O2CB_IDLE_TIMEOUT_MS=10000\n");
        }
        assertThat(api.get("/api/pools/" + poolId).body().path("heartbeat_dead_threshold").asInt()).isEqualTo(15);
        assertMembersAgree();
    }

    @Test
    @Order(7)
    void aHandEditedMemberIsShownAsDriftAndReSynced() throws Exception {
        long poolId = api.get("/api/pools").body().get(0).path("id").asLong();
        long generation = api.get("/api/pools/" + poolId).body().path("generation").asLong();
        RealAgent edited = members.get(1);
        byte[] original = edited.liveFiles().clusterConf();
        String text = new String(original, java.nio.charset.StandardCharsets.UTF_8);
        String handEdit = text.replaceFirst("ip_port = \\d+", "ip_port = 1");
        assertThat(handEdit).as("the edit changes the file").isNotEqualTo(text);
        Files.writeString(edited.clusterConfPath(), handEdit);

        await("the manager to record the drift and re-sync it").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode events = api.get("/api/events?limit=5000").body();
                    boolean drift = false;
                    boolean resynced = false;
                    for (JsonNode e : events) {
                        drift |= e.path("kind").asText().equals("config.drift")
                                && e.path("message").asText().contains("edited by hand");
                        resynced |= e.path("kind").asText().equals("config.resynced");
                    }
                    return drift && resynced;
                });
        JsonNode pool = api.get("/api/pools/" + poolId).body();
        assertThat(pool.path("generation").asLong()).isGreaterThan(generation);
        assertThat(edited.liveFiles().clusterConf()).as("the pool's bytes are back").isEqualTo(original);
        assertThat(api.get("/api/pools/" + poolId + "/drift").body()).isEmpty();
        for (RealAgent m : members) {
            assertThat(m.liveGeneration()).as(m.nodeName()).isEqualTo(pool.path("generation").asLong());
        }
        assertMembersAgree();
    }

    // ---- checks ----

    /** Every member: byte-identical files listing every member with unique numbers; a view listing (and, when the
     *  stack heartbeats, seeing live) every member. */
    void assertMembersAgree() {
        Map<String, RealAgent.LiveFiles> files = liveFiles();
        RealAgent.LiveFiles first = files.values().iterator().next();
        assertThat(files.values()).as("every member's cluster.conf and o2cb defaults").allMatch(first::equals);
        ClusterConf conf = parse(first);
        Cluster cluster = conf.cluster("ocfs2").orElseThrow();
        Set<Long> numbers = new TreeSet<>();
        cluster.nodes().forEach(n -> numbers.add(n.number()));
        assertThat(numbers).as("unique node numbers in\n%s", first).hasSize(members.size());
        assertThat(cluster.nodes()).extracting(Node::name)
                .containsExactlyInAnyOrderElementsOf(members.stream().map(RealAgent::nodeName).toList());
        long generation = members.getFirst().liveGeneration();
        for (RealAgent m : members) {
            assertThat(m.liveGeneration()).as(m.nodeName() + " live generation").isEqualTo(generation);
        }
        await("every member's view to list every member" + (REQUIRE_LIVE ? " live" : ""))
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    for (RealAgent m : members) {
                        assertViewShowsMembers(m, m.view());
                    }
                });
    }

    private static ClusterConf parse(RealAgent.LiveFiles files) {
        try {
            return ConfReader.parse(files.clusterConf()).conf();
        } catch (ConfParseException e) {
            throw new AssertionError("the members' cluster.conf does not parse: " + e.getMessage() + "\n" + files, e);
        }
    }

    private void assertViewShowsMembers(RealAgent m, ClusterView view) {
        assertThat(view.state()).as(m.nodeName() + " stack").isIn(StackState.ONLINE, StackState.HEARTBEATING);
        assertThat(view.members()).extracting(Member::name).as(m.nodeName() + " view")
                .containsExactlyInAnyOrderElementsOf(members.stream().map(RealAgent::nodeName).toList());
        if (view.state() == StackState.HEARTBEATING) {
            assertThat(view.members()).as(m.nodeName() + " sees every node live")
                    .allMatch(x -> x.alive() && (x.local() || x.connected()));
        } else {
            assertThat(REQUIRE_LIVE).as(m.nodeName() + " stack is " + view.state()
                    + ": it reports no liveness (O2POOL_E2E_REQUIRE_LIVE=1)").isFalse();
        }
    }

    private Map<String, RealAgent.LiveFiles> liveFiles(RealAgent... more) {
        Map<String, RealAgent.LiveFiles> files = new LinkedHashMap<>();
        members.forEach(m -> files.put(m.nodeName(), m.liveFiles()));
        for (RealAgent a : more) {
            files.put(a.nodeName(), a.liveFiles());
        }
        return files;
    }

    private JsonNode addAndAwait(String poolName, RealAgent agent) {
        var accepted = api.post("/api/servers", pool.serverBody(poolName, agent));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        return pool.awaitJob(accepted.body().path("id").asLong(), JOB_TIMEOUT);
    }

    private static List<String> findingCodes(JsonNode job) {
        List<String> codes = new ArrayList<>();
        job.path("state").path("plan").path("findings").forEach(f -> {
            if (f.path("severity").asText().equals("ERROR")) {
                codes.add(f.path("code").asText());
            }
        });
        return codes;
    }

    /** Deletes the ERROR server a failed add left (it holds no node number, so nothing changes on any node). */
    private void removeFailedServer(JsonNode job) {
        long id = job.path("server_id").asLong();
        assertThat(api.delete("/api/servers/" + id).status()).isEqualTo(204);
    }

    private void assertRefused(ObjectNode body, String field) {
        var r = api.post("/api/servers", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).as(r.text()).isEqualTo(field);
    }
}
