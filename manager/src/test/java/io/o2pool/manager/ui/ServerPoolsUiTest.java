package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.FakeFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

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
        WebElement pool = page.await("pool " + POOL, d -> d.findElement(
                By.cssSelector("article.pool[data-pool-name='" + POOL + "']")));

        String settings = pool.findElement(By.cssSelector("dl.settings")).getText();
        assertThat(settings).contains("Cluster name\nocfs2", "Cluster port (ip_port)\n7777",
                "Heartbeat dead threshold\n31 (dead after 60 s)", "Network idle timeout\n30000 ms",
                "Network keepalive delay\n2000 ms", "Network reconnect delay\n2000 ms", "Heartbeat mode\nlocal");
        String repository = pool.findElement(By.cssSelector("dl.repository")).getText();
        assertThat(repository).contains("OCFS2", "/dev/sdc1", FakeFleet.UUID, "cluster");

        List<WebElement> cells = pool.findElements(By.cssSelector("table.matrix td.cell"));
        assertThat(cells).hasSize(SERVERS.size() * SERVERS.size());
        for (WebElement cell : cells) {
            assertThat(cell.getDomAttribute("class"))
                    .as("node %s as seen by %s", cell.getDomAttribute("data-node"), cell.getDomAttribute("data-observer"))
                    .contains("live").doesNotContain("dead");
            assertThat(cell.getText()).startsWith("live");
        }
        assertThat(pool.findElement(By.cssSelector("table.matrix")).getDomAttribute("data-all-live")).isEqualTo("true");
        assertThat(pool.findElement(By.cssSelector("table.matrix caption")).getText())
                .isEqualTo("Every node sees all 3 node(s) live.");
        assertThat(pool.findElement(By.cssSelector("table.members")).getText())
                .contains("0 vm-host03", "1 vm-host02", "2 vm-host01");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-pools.png"));
    }

    @Test
    void theJobViewShowsEveryStepOfAnAddServerJob() throws IOException {
        page.logInAsAdmin();
        page.showTab("jobs");
        page.await("job steps", d -> !d.findElements(By.cssSelector("#job-steps li")).isEmpty());

        List<WebElement> steps = chromium.driver().findElements(By.cssSelector("#job-steps li"));
        assertThat(steps).extracting(s -> s.getDomAttribute("data-step")).containsExactly("preflight", "allocate",
                "stage", "commit", "start_stack", "attach_repository", "wait_live");
        assertThat(steps).allSatisfy(s -> assertThat(s.findElement(By.cssSelector(".status")).getText())
                .isEqualTo("Succeeded"));
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
        List<WebElement> shown = chromium.driver().findElements(By.cssSelector("#events-table tbody tr"))
                .stream().filter(WebElement::isDisplayed).toList();
        assertThat(shown).isNotEmpty().allSatisfy(r -> assertThat(r.getDomAttribute("data-kind")).startsWith("server."));
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-events.png"));
    }
}
