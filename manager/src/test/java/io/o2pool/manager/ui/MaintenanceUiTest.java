package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Maintenance toggle and Remove on the Servers tab: each opens a review showing the plan (what happens on every
 * node) before OK, and the status follows without a reload.
 */
class MaintenanceUiTest extends BrowserTestBase {
    private static final String POOL = "pool-m";

    @BeforeAll
    void poolOfThreeActiveServers() {
        manager.createPool(POOL);
        for (int i = 1; i <= 4; i++) {
            manager.fleet.add("127.0.2." + i, "mhost0" + i);
            manager.addActiveServer(POOL, "127.0.2." + i, "mhost0" + i);
        }
    }

    private List<String> plannedSteps() {
        return page.await("the plan", d -> {
            List<WebElement> steps = d.findElements(By.cssSelector("#change-plan .plan-steps > li"));
            return steps.isEmpty() ? null : steps.stream().map(s -> s.getDomAttribute("data-step")).toList();
        });
    }

    private void confirm() {
        page.await("OK enabled", d -> d.findElement(By.id("change-ok-button")).isEnabled() ? true : null);
        page.byId("change-ok-button").click();
        page.await("the dialog closed", d -> d.findElement(By.id("change-dialog")).isDisplayed() ? null : true);
    }

    @Test
    void maintenanceRoundTripWithoutAReload() throws java.io.IOException {
        page.logInAsAdmin();
        page.showTab("servers");
        page.markDocument();

        page.clickServerButton("mhost02", "maintenance-button");
        assertThat(plannedSteps()).containsExactly("detach_repository", "stop_stack");
        assertThat(page.byId("change-plan").getText()).contains("mhost02: detach repository", "mhost02: stop stack");
        confirm();
        page.awaitServerStatus("mhost02", "Maintenance");
        assertThat(manager.fleet.at("127.0.2.2").stackRunning()).isFalse();

        page.clickServerButton("mhost02", "maintenance-button");
        assertThat(plannedSteps()).containsExactly("start_stack", "attach_repository", "wait_live");
        confirm();
        page.awaitServerStatus("mhost02", "Active");
        assertThat(manager.fleet.at("127.0.2.2").stackRunning()).isTrue();
        assertThat(page.sameDocument()).as("no reload").isTrue();
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-maintenance.png"));
    }

    @Test
    void removeShowsWhatHappensOnEveryNodeAndOffersForceOnlyForTheDead() {
        page.logInAsAdmin();
        page.showTab("servers");
        page.clickServerButton("mhost03", "remove-button");
        assertThat(plannedSteps()).containsExactly("allocate", "stage", "detach_repository", "stop_stack", "commit",
                "forget_pool");
        assertThat(page.byId("change-force-label").isDisplayed()).as("force only for DEAD/FENCED").isFalse();
        assertThat(page.byId("change-plan").getText()).contains("mhost01: commit", "mhost02: commit",
                "mhost03: stop stack");
        page.byId("change-cancel-button").click();
        assertThat(page.serverStatus("mhost03")).isEqualTo("Active");
    }

    @Test
    void removeRunsTheReviewedPlanAndTheServerLeavesWithoutAReload() {
        page.logInAsAdmin();
        page.showTab("servers");
        page.markDocument();

        page.clickServerButton("mhost04", "remove-button");
        ChangeDialogPage dialog = new ChangeDialogPage(page);
        assertThat(dialog.title()).isEqualTo("Remove Server: mhost04");
        assertThat(dialog.awaitPlan()).isEqualTo("ready");
        assertThat(dialog.steps()).containsExactly("allocate", "stage", "detach_repository", "stop_stack", "commit",
                "forget_pool");
        assertThat(dialog.planText()).contains("mhost04: detach repository", "mhost04: stop stack",
                "mhost01: commit", "mhost04: forget the pool");
        dialog.ok();

        assertThat(page.byId("servers-notice").getText()).matches(
                "Remove Server job \\d+ queued for mhost04\\. Show its progress");
        page.await("mhost04 gone from the table", d -> page.serverStatus("mhost04").isEmpty());
        assertThat(manager.status("mhost04")).isEqualTo("absent");
        assertThat(manager.fleet.at("127.0.2.4").forgotten()).isTrue();
        assertThat(page.sameDocument()).as("no reload").isTrue();
    }
}
