package io.o2pool.e2e.pool.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.testing.HeartbeatStall;
import io.o2pool.e2e.pool.RealAgent;
import io.o2pool.e2e.pool.RealManager;
import io.o2pool.e2e.pool.RealPool;
import io.o2pool.testkit.browser.HeadlessChromium;
import io.o2pool.testkit.browser.ManagerPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A fence seen coming, then seen in the web UI: a manager process and three agent JVMs on 127.0.1.1-3 with the
 * userspace stack at threshold 7 (write timeout 12 s), all members of one pool. The third agent runs with the
 * {@link HeartbeatStall} test hook: first its heartbeat writes complete 7 s late, and the Servers tab shows its
 * heartbeat as a Warning with its latency figures (and the manager records {@code heartbeat.slow}) while it is still
 * Active; then its writes hang, its node fences itself for the write timeout (WRITE_TIMEOUT, at least 10 s after the
 * warning was shown) and writes its fence record.
 * Without a reload, the Servers tab shows it Fenced with the record, the Events tab the {@code fence.node-fenced}
 * event with the record's contents, and the Server Pools tab's matrix marks the node. Every process is stopped by its
 * PID afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FenceUiTest {
    private static final String POOL = "fencing";
    private static final int AGENTS = 3;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    /** Write timeout (6 x 2 s) plus the manager's polls and the agents' first views: generous for a loaded machine. */
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(90);

    private Path dir;
    private Path trigger;
    private RealPool pool;
    private HeadlessChromium chromium;
    private ManagerPage page;

    @BeforeAll
    void startPoolWithAFencingAgentAndBrowser() throws IOException {
        dir = Files.createTempDirectory("o2pool-ui-fence-");
        trigger = dir.resolve("stall-heartbeat-of-e2e-host3");
        pool = RealPool.start(dir, AGENTS, List.of());
        // the third agent again, with the test hook armed (it hangs heartbeat writes only once the file exists)
        pool.agent(AGENTS).restartStallingHeartbeatWhile(trigger);
        var created = pool.api().post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 1; i <= AGENTS; i++) {
            var r = pool.api().post("/api/servers", pool.serverBody(POOL, pool.agent(i)));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            var job = pool.awaitJob(r.body().path("id").asLong(), JOB_TIMEOUT);
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        }
        chromium = HeadlessChromium.start(pool.manager().certificate());
        page = new ManagerPage(chromium.driver(), pool.manager().url(), RealManager.ADMIN_PASSWORD);
    }

    @AfterAll
    void stopEverything() throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (pool != null) {
                pool.close(); // the manager and every agent, each by its PID
            }
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void aNodeWhoseWritesSlowDownIsAWarningFirstThenFencesItselfForTheWriteTimeoutAndIsShownFencedWithItsRecord()
            throws IOException {
        RealAgent fencing = pool.agent(AGENTS);
        String name = "server" + AGENTS;
        page.logInAsAdmin(RealManager.ADMIN_PASSWORD);
        page.markDocument();
        page.awaitServerStatus(name, "Active", JOB_TIMEOUT);
        // the write timeout is armed by the first good write after the region became steady (o2hb_arm_timeout): a
        // stall before that is never timed and quorum fences the node (WriteTimerArmingScenarioTest), so the test
        // waits until the node's own health says armed
        await("e2e-host3's write timeout armed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    var h = fencing.client().heartbeat();
                    return h.own() != null && Boolean.TRUE.equals(h.own().writeTimeoutArmed());
                });
        Map<?, ?> ok = page.await("server3's heartbeat shown OK", d -> heartbeatCellOf(name, "OK"));
        assertThat((String) ok.get("figures")).startsWith("write p50 ");

        // its shared disk slows down: every heartbeat write completes 7 s late, more than half the write timeout of
        // 12 s — slow, not hung, so nothing fences yet
        Files.writeString(trigger, "delay 7000\n");
        Map<?, ?> warned = page.await("server3's heartbeat shown Warning with its figures", FENCE_TIMEOUT,
                d -> heartbeatCellOf(name, "WARNING"));
        Instant warnedAt = Instant.now();
        assertThat(page.serverStatus(name)).as("a warning is not a status").isEqualTo("Active");
        assertThat((String) warned.get("figures")).as("the latency figures").matches(
                "write p50 \\d+ / p99 \\d+ / max \\d+ ms( · last good write \\d+ ms ago)?");
        var health = serverJson(name).path("heartbeat");
        assertThat(health.path("level").asText()).as(health.toString()).isEqualTo("WARNING");
        assertThat(health.path("warnings").get(0).path("kind").asText()).isEqualTo("heartbeat.slow");
        var slowEvent = page.await("the heartbeat.slow event", d -> pool.api().get("/api/events?limit=5000").body()
                .findParents("kind").stream().filter(e -> e.path("kind").asText().equals("heartbeat.slow")
                        && e.path("message").asText().startsWith("e2e-host3 (node 2) on server server3: "))
                .findFirst().orElse(null));
        System.out.println("e2e: " + warnedAt + " heartbeat warning in the UI (" + warned.get("figures") + "); event: "
                + slowEvent.path("message").asText());

        // then the disk stops completing writes at all: the node fences itself at the write timeout
        Files.writeString(trigger, "stall\n");
        page.awaitServerStatus(name, "Fenced", FENCE_TIMEOUT);
        assertThat(fencing.output()).contains("heartbeat writes to", "now hang");
        var server = serverJson(name);
        var record = server.path("fence");
        String rule = record.path("rule").asText();
        assertThat(rule).as(server.toString()).isEqualTo("WRITE_TIMEOUT");
        Instant fencedAt = Instant.parse(record.path("time").asText());
        System.out.println("e2e: " + fencedAt + " fenced for " + rule + ", "
                + Duration.between(warnedAt, fencedAt).toMillis() + " ms after the UI showed the warning");
        assertThat(Duration.between(warnedAt, fencedAt)).as("the warning came at least 10 s before the fence")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        String ruleText = "Heartbeat write timeout (WRITE_TIMEOUT)";
        String reason = record.path("message").asText();
        var records = pool.api().get("/api/servers/" + server.path("id").asLong() + "/fence").body().path("records");
        assertThat(records.size()).isEqualTo(1);
        assertThat(records.get(0)).isEqualTo(record);
        assertThat(record.path("node").asText()).isEqualTo("e2e-host3");

        // Servers tab: the status with the record behind an expander
        Map<?, ?> row = page.await("the fence record in " + name + "'s row", d -> fenceRecordIn(
                "#servers-table tbody tr[data-server-name='" + name + "']"));
        assertThat((String) row.get("summary")).isEqualTo("Fence record: " + ruleText);
        assertThat((Boolean) row.get("open")).as("collapsed until asked").isFalse();
        assertFields((String) row.get("fields"), ruleText, reason);

        // Events tab: the fence event with the record, expandable inline
        page.showTab("events");
        Map<?, ?> event = page.await("the fence.node-fenced event with its record", d -> fenceRecordIn(
                "#events-table tbody tr[data-kind='fence.node-fenced']"));
        assertThat((String) event.get("row")).contains("fence.node-fenced",
                "e2e-host3 (node 2) on server server3 fenced itself: " + rule);
        ((JavascriptExecutor) chromium.driver()).executeScript("document.querySelector(\"#events-table tbody "
                + "tr[data-kind='fence.node-fenced'] details.fence-record summary\").click();");
        Map<?, ?> opened = fenceRecordIn("#events-table tbody tr[data-kind='fence.node-fenced']");
        assertThat((Boolean) opened.get("open")).isTrue();
        assertThat((String) opened.get("visibleText")).contains(reason, "Heartbeat write latencies");
        assertFields((String) opened.get("fields"), ruleText, reason);
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-events-fence-record.png"));

        // Server Pools tab: the matrix marks the fenced node
        page.showTab("pools");
        String marked = page.await("node 2 marked fenced in the matrix", d -> (String) ((JavascriptExecutor) d)
                .executeScript("""
                        const th = document.querySelector(
                            `article.pool[data-pool-name='${arguments[0]}'] table.matrix thead th[data-fenced='true']`);
                        return th ? th.dataset.node + ' ' + th.innerText : null;""", POOL));
        assertThat(marked).isEqualTo("2 2: e2e-host3 ⚡ fenced");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-pools-fenced-node.png"));
        assertThat(page.sameDocument()).as("the page was not reloaded").isTrue();
    }

    /** Every field of the record as the definitions list shows it, "term: value" per line. */
    private static void assertFields(String fields, String ruleText, String reason) {
        assertThat(reason).isNotBlank();
        assertThat(fields).contains("Rule: " + ruleText, "Reason: " + reason, "Node: e2e-host3 (node 2) in cluster ocfs2",
                "Heartbeating nodes: ", "Connected nodes: ", "Lowest heartbeating node: ",
                "Peers seen heartbeating: e2e-host1, e2e-host2", "Heartbeat write latencies (ms, oldest first): ",
                "Fence method: stop");
        assertThat(fields).doesNotContain("Heartbeat write latencies (ms, oldest first): none recorded");
    }

    /** Server {@code name}'s JSON from the manager's API. */
    private com.fasterxml.jackson.databind.JsonNode serverJson(String name) {
        return pool.api().get("/api/servers").body().findParents("name").stream()
                .filter(s -> s.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** The Heartbeat cell of server {@code name} when it shows {@code level}, read in one script, or null. */
    private Map<?, ?> heartbeatCellOf(String name, String level) {
        return (Map<?, ?>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const row = document.querySelector(`#servers-table tbody tr[data-server-name='${arguments[0]}']`);
                const badge = row && row.querySelector('td.heartbeat-cell .health');
                if (!badge || badge.dataset.level !== arguments[1]) return null;
                return { badge: badge.innerText, figures: row.querySelector('td.heartbeat-cell .health-figures').innerText };""",
                name, level);
    }

    /** The fence record block inside the row matched by {@code rowSelector}, read in one script, or null. */
    private Map<?, ?> fenceRecordIn(String rowSelector) {
        return (Map<?, ?>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const row = document.querySelector(arguments[0]);
                const record = row && row.querySelector('details.fence-record');
                if (!record) return null;
                const terms = [...record.querySelectorAll('dt')];
                return {
                  row: row.innerText,
                  open: record.open,
                  summary: record.querySelector('summary').textContent,
                  visibleText: record.innerText,
                  fields: terms.map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent).join('\\n'),
                };""", rowSelector);
    }
}
