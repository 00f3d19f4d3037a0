package io.o2pool.e2e.pool.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.e2e.pool.RealAgent;
import io.o2pool.e2e.pool.RealManager;
import io.o2pool.e2e.pool.RealPool;
import io.o2pool.testkit.browser.AddServerDialogPage;
import io.o2pool.testkit.browser.HeadlessChromium;
import io.o2pool.testkit.browser.ManagerPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The web UI against real processes: a manager process and three agent JVMs on 127.0.1.1-3, each listening on port
 * 8899 (the Add Server dialog's default) with the userspace cluster stack. Two servers join through the REST API;
 * the third is added through the dialog, and the Server Pools tab must show the matrix polled from the real agents
 * ({@code GET /api/pools/{id}/membership}) with every node live. Every process is stopped by its PID afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealAgentsUiTest {
    private static final String POOL = "real";
    private static final int AGENTS = 3;
    private static final int AGENT_PORT = 8899;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private Path dir;
    private RealPool pool;
    private HeadlessChromium chromium;
    private ManagerPage page;

    @BeforeAll
    void startPoolAndBrowser() throws IOException {
        dir = Files.createTempDirectory("o2pool-ui-real-");
        pool = RealPool.start(dir, AGENTS, List.of(), AGENT_PORT);
        var created = pool.api().post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 1; i < AGENTS; i++) { // the first members join through the API
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
    void addsARealServerThroughTheDialogAndThePoolsTabShowsEveryNodeLive() throws IOException {
        RealAgent joining = pool.agent(AGENTS);
        String name = "server" + joining.index();
        page.logInAsAdmin(RealManager.ADMIN_PASSWORD);
        page.markDocument();

        AddServerDialogPage dialog = page.openAddServer()
                .fill(joining.address(), name, "Virtual Machine Server", POOL, RealAgent.PASSWORD).testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage() + "\n" + dialog.details()).isEqualTo("ok");
        assertThat(dialog.details()).contains(joining.nodeName(), joining.fingerprint());
        assertThat(dialog.add()).contains(joining.address(), name, "Virtual Machine Server", POOL);
        dialog.ok();
        page.awaitServerStatus(name, "Adding");
        page.awaitServerStatus(name, "Active", JOB_TIMEOUT); // no reload: the event stream brought it
        assertThat(page.sameDocument()).as("the page was not reloaded").isTrue();
        assertThat(page.serverRow(name)).startsWith(name + "\t" + joining.address() + "\tVirtual Machine Server\t"
                + POOL + "\t" + (AGENTS - 1) + "\tActive");

        page.showTab("pools");
        Map<?, ?> shown = page.await("pool " + POOL + " polled from the agents with every node live",
                Duration.ofSeconds(60), d -> {
                    Map<?, ?> snapshot = poolCard();
                    if (snapshot != null && "true".equals(snapshot.get("allLive"))
                            && ((List<?>) snapshot.get("cells")).size() == AGENTS * AGENTS) {
                        return snapshot;
                    }
                    page.byId("refresh-pools-button").click(); // e.g. o2net still connecting: ask again
                    return null;
                });
        assertThat((String) shown.get("source")).startsWith("Polled from every member's agent at");
        assertThat(shown.get("caption")).isEqualTo("Every node sees all " + AGENTS + " node(s) live.");
        for (Object o : (List<?>) shown.get("cells")) {
            Map<?, ?> cell = (Map<?, ?>) o;
            String what = "node " + cell.get("node") + " as seen by " + cell.get("observer");
            assertThat((String) cell.get("cls")).as(what).contains("live").doesNotContain("dead")
                    .doesNotContain("unknown");
            assertThat((String) cell.get("text")).as(what).startsWith("live").doesNotContain("not connected");
        }
        assertThat((String) shown.get("members")).contains("0 e2e-host1 server1", "1 e2e-host2 server2",
                "2 e2e-host3 server3");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-pools-real-agents.png"));
    }

    /**
     * The pool's card read in one script (the tab re-renders on events and refreshes, so element by element reads
     * could mix two renderings), or null while it is not shown.
     */
    private Map<?, ?> poolCard() {
        return (Map<?, ?>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const card = document.querySelector(`article.pool[data-pool-name='${arguments[0]}']`);
                const matrix = card && card.querySelector('table.matrix');
                if (!matrix) return null;
                return {
                  allLive: matrix.dataset.allLive,
                  source: card.querySelector('p.source').innerText,
                  caption: matrix.querySelector('caption').innerText,
                  members: card.querySelector('table.members').innerText.replace(/\\s+/g, ' '),
                  cells: [...matrix.querySelectorAll('td.cell')].map((c) => ({
                    cls: c.className, text: c.innerText, node: c.dataset.node, observer: c.dataset.observer })),
                };""", POOL);
    }
}
