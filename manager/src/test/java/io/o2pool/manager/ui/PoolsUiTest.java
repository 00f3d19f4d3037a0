package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Create Pool, Edit and Delete on the Server Pools tab: the API's field errors next to their fields, the tab updated
 * without a reload, and a pool with servers locked to its name and not deletable.
 */
class PoolsUiTest extends BrowserTestBase {
    private static final String BUSY = "pool-busy";

    @BeforeAll
    void aPoolWithAServer() {
        manager.createPool(BUSY);
        manager.fleet.add("127.0.4.1", "phost01");
        manager.addActiveServer(BUSY, "127.0.4.1", "phost01");
    }

    /** The card's text, read in one step (the tab re-renders on events), or null while it is not shown. */
    private String card(String pool) {
        return (String) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const card = document.querySelector(`article.pool[data-pool-name='${arguments[0]}']`);
                return card ? card.innerText : null;""", pool);
    }

    private void clickInCard(String pool, String buttonClass) {
        page.click("article.pool[data-pool-name='" + pool + "'] button." + buttonClass);
    }

    private void type(String id, String text) {
        WebElement field = page.byId(id);
        field.clear();
        field.sendKeys(text);
    }

    private String fieldError(String id) {
        return page.byId(id + "-error").getText();
    }

    private void awaitPoolDialogClosed() {
        page.await("the pool dialog closed", d -> page.byId("pool-dialog").isDisplayed() ? null : true);
    }

    @Test
    void createsEditsAndDeletesAPoolWithoutAReload() throws java.io.IOException {
        page.logInAsAdmin();
        page.showTab("pools");
        page.markDocument();

        page.byId("create-pool-button").click();
        page.await("the Create Server Pool dialog", d -> page.byId("pool-dialog").isDisplayed());
        assertThat(page.byId("pool-title").getText()).isEqualTo("Create Server Pool");
        assertThat(page.byId("pool-cluster-name").getDomProperty("value")).as("o2cb's defaults").isEqualTo("ocfs2");
        assertThat(page.byId("pool-ip-port").getDomProperty("value")).isEqualTo("7777");
        assertThat(page.byId("pool-heartbeat-dead-threshold").getDomProperty("value")).isEqualTo("31");
        assertThat(page.byId("pool-max-nodes").getDomProperty("value")).isEqualTo("32");

        page.byId("pool-save-button").click();
        assertThat(fieldError("pool-name")).isEqualTo("Server Pool Name is required.");
        assertThat(fieldError("pool-repository-path")).isEqualTo("Repository Device or Path is required.");

        type("pool-name", "pool-new");
        type("pool-repository-path", "/dev/sdd1");
        type("pool-cluster-name", "my-cluster");
        page.byId("pool-save-button").click();
        page.await("the API's error next to Cluster Name", d -> !fieldError("pool-cluster-name").isEmpty());
        assertThat(fieldError("pool-cluster-name")).isEqualTo("1-16 letters or digits");
        assertThat(page.byId("pool-cluster-name").getDomAttribute("aria-invalid")).isEqualTo("true");

        type("pool-cluster-name", "newcluster");
        type("pool-ip-port", "7778");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-pool-create.png"));
        page.byId("pool-save-button").click();
        awaitPoolDialogClosed();
        String created = page.await("the new pool's card", d -> card("pool-new"));
        assertThat(created).contains("Cluster name\nnewcluster", "Cluster port (ip_port)\n7778", "/dev/sdd1",
                "Members (0)");
        assertThat(page.byId("pools-notice").getText()).isEqualTo("Server pool pool-new created.");

        clickInCard("pool-new", "edit-pool-button");
        page.await("the Edit Server Pool dialog", d -> page.byId("pool-dialog").isDisplayed());
        assertThat(page.byId("pool-title").getText()).isEqualTo("Edit Server Pool: pool-new");
        assertThat(page.byId("pool-locked").isDisplayed()).as("no server: every field may change").isFalse();
        assertThat(page.byId("pool-cluster-name").getDomProperty("value")).isEqualTo("newcluster");
        type("pool-name", "pool-renamed");
        type("pool-max-nodes", "16");
        page.byId("pool-save-button").click();
        awaitPoolDialogClosed();
        String renamed = page.await("the renamed pool's card", d -> card("pool-renamed"));
        assertThat(renamed).contains("Maximum nodes\n16");
        assertThat(card("pool-new")).isNull();

        clickInCard("pool-renamed", "delete-pool-button");
        ChangeDialogPage delete = new ChangeDialogPage(page);
        assertThat(delete.title()).isEqualTo("Delete Server Pool: pool-renamed");
        assertThat(delete.error()).isEmpty();
        delete.ok();
        page.await("the card gone", d -> card("pool-renamed") == null);
        assertThat(page.byId("pools-notice").getText()).isEqualTo("Server pool pool-renamed deleted.");
        assertThat(page.sameDocument()).as("no reload").isTrue();
    }

    @Test
    void aPoolWithServersChangesOnlyItsNameAndIsNotDeleted() {
        page.logInAsAdmin();
        page.showTab("pools");

        clickInCard(BUSY, "edit-pool-button");
        page.await("the Edit Server Pool dialog", d -> page.byId("pool-dialog").isDisplayed());
        assertThat(page.byId("pool-locked").getText()).contains("has 1 server(s) (phost01): only its name can change",
                "its maximum nodes be raised",
                "Change Timeouts");
        assertThat(page.byId("pool-name").isEnabled()).isTrue();
        for (String locked : new String[] {"pool-cluster-name", "pool-ip-port", "pool-repository-path",
            "pool-heartbeat-dead-threshold", "pool-loopback-pool"}) {
            assertThat(page.byId(locked).isEnabled()).as(locked).isFalse();
        }
        assertThat(page.byId("pool-max-nodes").isEnabled()).as("max_nodes may be raised").isTrue();
        type("pool-name", "pool-busy-2");
        page.byId("pool-save-button").click();
        awaitPoolDialogClosed();
        String renamed = page.await("the renamed pool's card", d -> card("pool-busy-2"));
        assertThat(renamed).contains("phost01", "Members (1)");

        clickInCard("pool-busy-2", "delete-pool-button");
        ChangeDialogPage delete = new ChangeDialogPage(page);
        assertThat(delete.error()).isEqualTo("Pool pool-busy-2 has 1 server(s): phost01. Remove them first (Servers tab),"
                + " then delete the pool.");
        assertThat(delete.okEnabled()).isFalse();
        delete.cancel();

        page.showTab("servers");
        assertThat(page.serverRow("phost01")).contains("\tpool-busy-2\t");
    }
}
