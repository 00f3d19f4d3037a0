package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.testkit.browser.AddServerDialogPage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Several servers in one Add Server dialog (one batch job), and the review step every addition goes through: the
 * manager's plan is shown before OK, and OK stays disabled while it is being made.
 */
class BatchAddUiTest extends BrowserTestBase {
    private static final String POOL = "pool-b";

    @BeforeAll
    void poolWithOneActiveServer() {
        manager.createPool(POOL);
        manager.fleet.add("127.0.6.1", "bhost01");
        manager.addActiveServer(POOL, "127.0.6.1", "bhost01");
        for (int i = 2; i <= 5; i++) {
            manager.fleet.add("127.0.6." + i, "bhost0" + i);
        }
    }

    @AfterEach
    void releaseHeldAgents() {
        manager.agents.releaseAll();
    }

    private String planText() {
        return (String) ((JavascriptExecutor) chromium.driver()).executeScript(
                "return document.querySelector('#add-server-plan').innerText;");
    }

    @Test
    void addsThreeServersInOneJobAfterReviewingThePlanWithoutAReload() throws IOException {
        page.logInAsAdmin();
        page.markDocument();
        AddServerDialogPage dialog = page.openAddServer()
                .fill("127.0.6.2", "bhost02", "Virtual Machine Server", POOL, FakeFleet.PASSWORD);
        assertThat(dialog.addRow()).isEqualTo(2);
        dialog.fillRow(2, "127.0.6.3", "bhost03", "Utility Server", FakeFleet.PASSWORD);
        assertThat(dialog.addRow()).isEqualTo(3);
        dialog.fillRow(3, "127.0.6.9", "bhost-extra", "Utility Server", FakeFleet.PASSWORD);
        assertThat(dialog.addRow()).isEqualTo(4);
        dialog.fillRow(4, "127.0.6.4", "bhost04", "Virtual Machine Server", FakeFleet.PASSWORD);
        page.click("#more-servers fieldset.server-row:nth-of-type(2) button.remove-row-button"); // bhost-extra
        assertThat(dialog.rows()).isEqualTo(3);
        assertThat(page.byId("add-server-title").getText()).isEqualTo("Add 3 Servers");

        dialog.testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("ok");
        assertThat(dialog.testMessage()).isEqualTo("Connection OK for all 3 servers.");
        assertThat(dialog.details()).contains("Server 1: bhost02", "Server 2: bhost03", "Server 3: bhost04",
                "fp-bhost03");
        assertThat(dialog.addEnabled()).isTrue();

        // a test no longer counts once a tested field of its server changes
        dialog.fillRow(3, "127.0.6.5", "bhost05", "Virtual Machine Server", FakeFleet.PASSWORD);
        assertThat(dialog.addEnabled()).isFalse();
        assertThat(dialog.testMessage()).isEqualTo("Server 3: bhost04: Server Host/IP changed: test the connection"
                + " again.");
        dialog.fillRow(3, "127.0.6.4", "bhost04", "Virtual Machine Server", FakeFleet.PASSWORD).testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("ok");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-batch-add.png"));

        // the review: OK stays disabled while the manager plans (its preflight of bhost03 is held here)
        manager.agents.hold("127.0.6.3", "preflight");
        page.byId("add-button").click();
        page.await("the review step", d -> page.byId("add-server-step-confirm").isDisplayed());
        assertThat(dialog.planState()).isEqualTo("planning");
        assertThat(dialog.okEnabled()).as("no OK before the plan").isFalse();
        assertThat(page.byId("confirm-servers").getText()).contains("3 servers for server pool pool-b", "127.0.6.2",
                "bhost02", "127.0.6.3", "bhost03", "Utility Server", "127.0.6.4", "bhost04");
        manager.agents.release("127.0.6.3");
        page.await("the plan", d -> dialog.planState().equals("ready"));
        assertThat(planText()).contains("allocate — reserve generation 2 and node numbers for [bhost02, bhost03, bhost04]",
                "bhost02: assign node number 1", "bhost04: assign node number 3", "bhost01: commit",
                "bhost03: start stack", "bhost01, bhost02, bhost03, bhost04: wait until every one sees nodes 0, 1, 2, 3");
        assertThat(dialog.okEnabled()).isTrue();
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-batch-add-plan.png"));

        dialog.ok();
        page.await("the dialog closed", d -> !dialog.open());
        assertThat(page.byId("servers-notice").getText()).matches(
                "Add Servers job \\d+ queued for bhost02, bhost03, bhost04\\. Show its progress");
        for (String name : new String[] {"bhost02", "bhost03", "bhost04"}) {
            page.awaitServerStatus(name, "Active");
        }
        assertThat(page.serverRow("bhost03")).startsWith("bhost03\t127.0.6.3\tUtility Server\tpool-b\t2\tActive");
        assertThat(page.sameDocument()).as("no reload").isTrue();

        page.showTab("jobs");
        page.await("the batch job", d -> page.byId("job-detail").getText().contains("Add Servers"));
    }
}
