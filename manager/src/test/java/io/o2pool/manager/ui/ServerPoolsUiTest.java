package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.FakeFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** The Server Pools, Jobs and Events views of a pool of three servers, all ACTIVE. */
class ServerPoolsUiTest extends BrowserTestBase {
    private static final String POOL = "pool-a";
    private static final List<String> SERVERS = List.of("vm-host03", "vm-host02", "vm-host01");

    @BeforeAll
    void poolOfThreeActiveServers() {
        manager.createPool(POOL);
        for (int i = 0; i < SERVERS.size(); i++) {
            String host = "127.0.1." + (3 - i);
            manager.fleet.add(host, SERVERS.get(i));
            manager.addActiveServer(POOL, host, SERVERS.get(i));
        }
    }

    @Test
    void thePoolsTabShowsSettingsRepositoryAndEveryNodeLive() throws IOException {
        page.logInAsAdmin();
        page.showTab("pools");
        // read in one script: the tab re-renders when the event backlog arrives, which would stale elements
        Map<?, ?> card = page.await("pool " + POOL, d -> poolCard());

        assertThat((String) card.get("settings")).contains("Cluster name\nocfs2", "Cluster port (ip_port)\n7777",
                "Heartbeat dead threshold\n31 (dead after 60 s)", "Network idle timeout\n30000 ms",
                "Network keepalive delay\n2000 ms", "Network reconnect delay\n2000 ms", "Heartbeat mode\nlocal");
        assertThat((String) card.get("repository")).contains("OCFS2", "/dev/sdc1", FakeFleet.UUID, "cluster");

        List<?> cells = (List<?>) card.get("cells");
        assertThat(cells).hasSize(SERVERS.size() * SERVERS.size());
        for (Object o : cells) {
            Map<?, ?> cell = (Map<?, ?>) o;
            assertThat((String) cell.get("cls")).as("node %s as seen by %s", cell.get("node"), cell.get("observer"))
                    .contains("live").doesNotContain("dead");
            assertThat((String) cell.get("text")).startsWith("live");
        }
        assertThat(card.get("allLive")).isEqualTo("true");
        assertThat(card.get("caption")).isEqualTo("Every node sees all 3 node(s) live.");
        assertThat((String) card.get("members")).contains("0 vm-host03", "1 vm-host02", "2 vm-host01");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-pools.png"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJobViewShowsEveryStepOfAnAddServerJob() throws IOException {
        page.logInAsAdmin();
        page.showTab("jobs");
        page.await("job steps", d -> !d.findElements(By.cssSelector("#job-steps li")).isEmpty());

        // read in one script: the view re-renders the list while it polls, and an element read across two calls can
        // be gone by the second
        List<Object> steps = (List<Object>) ((JavascriptExecutor) chromium.driver()).executeScript(
                "return [...document.querySelectorAll('#job-steps li')].map(li => li.dataset.step + ' '"
                        + " + li.querySelector('.status').textContent.trim());");
        assertThat(steps).containsExactly("preflight Succeeded", "allocate Succeeded", "stage Succeeded",
                "commit Succeeded", "start_stack Succeeded", "attach_repository Succeeded", "wait_live Succeeded");
        assertThat(page.byId("job-status").getText()).isEqualTo("Succeeded");
        assertThat(page.byId("job-progress").getDomProperty("value")).isEqualTo("7");
        assertThat(page.byId("job-detail").getText()).contains("Add Server", "vm-host01", "every node sees nodes");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-jobs.png"));
    }

    @Test
    void theEventsViewListsServerChangesAndFilters() throws IOException {
        page.logInAsAdmin();
        page.showTab("events");
        page.await("the server events", d -> page.byId("events-table").getText().contains("is ACTIVE as node 2"));
        assertThat(page.byId("events-table").getText()).contains("server.status", "pool.created", "job.succeeded");

        new org.openqa.selenium.support.ui.Select(page.byId("events-filter")).selectByVisibleText("Servers");
        List<?> shown = (List<?>) ((JavascriptExecutor) chromium.driver()).executeScript(
                "return [...document.querySelectorAll('#events-table tbody tr')].filter(tr => tr.offsetParent !== null)"
                        + ".map(tr => tr.dataset.kind);");
        assertThat(shown).isNotEmpty().allSatisfy(kind -> assertThat((String) kind).startsWith("server."));
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-events.png"));
    }

    /** The pool's card read in one script, or null while it is not shown. */
    private Map<?, ?> poolCard() {
        return (Map<?, ?>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const card = document.querySelector(`article.pool[data-pool-name='${arguments[0]}']`);
                const matrix = card && card.querySelector('table.matrix');
                if (!matrix) return null;
                return {
                  settings: card.querySelector('dl.settings').innerText,
                  repository: card.querySelector('dl.repository').innerText,
                  allLive: matrix.dataset.allLive,
                  caption: matrix.querySelector('caption').innerText,
                  members: card.querySelector('table.members').innerText.replace(/\\s+/g, ' '),
                  cells: [...matrix.querySelectorAll('td.cell')].map((c) => ({
                    cls: c.className, text: c.innerText, node: c.dataset.node, observer: c.dataset.observer })),
                };""", POOL);
    }
}
