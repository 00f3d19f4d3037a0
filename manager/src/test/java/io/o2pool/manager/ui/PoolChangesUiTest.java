package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.drift.Drift;
import io.o2pool.manager.drift.DriftCheck;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The pool-wide cluster changes of the Server Pools tab, each reviewed as the manager's plan before OK: Change
 * Timeouts (and its refusal while a VM runs), and a member's drift shown with its diff, then Re-sync. The manager's
 * status monitor is quiet here (as in the API tests), so a drift stays until the test's Re-sync instead of the drift
 * watch re-syncing it at once; the test records the drift as the watch would.
 */
class PoolChangesUiTest extends BrowserTestBase {
    private static final String POOL = "pool-t";

    @Override
    List<String> managerArgs() {
        return List.of("--status-interval", "3600");
    }

    @BeforeAll
    void poolOfThreeActiveServers() {
        manager.createPool(POOL);
        for (int i = 1; i <= 3; i++) {
            manager.fleet.add("127.0.5." + i, "thost0" + i);
            manager.addActiveServer(POOL, "127.0.5." + i, "thost0" + i);
        }
    }

    private String card() {
        return (String) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const card = document.querySelector(`article.pool[data-pool-name='${arguments[0]}']`);
                return card ? card.innerText : null;""", POOL);
    }

    /** The pool card's drift section, read in one step, or null while the card is not shown. */
    private String driftSection() {
        return (String) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const card = document.querySelector(`article.pool[data-pool-name='${arguments[0]}']`);
                const drift = card && card.querySelector('section.drift');
                return drift ? drift.innerText : null;""", POOL);
    }

    private ChangeDialogPage open(String buttonClass) {
        page.click("article.pool[data-pool-name='" + POOL + "'] button." + buttonClass);
        return new ChangeDialogPage(page);
    }

    @Test
    void changeTimeoutsReviewsThePlanThenRunsItAndTheCardFollowsWithoutAReload() throws IOException {
        page.logInAsAdmin();
        page.showTab("pools");
        page.markDocument();

        ChangeDialogPage dialog = open("timeouts-button");
        assertThat(dialog.title()).isEqualTo("Change Timeouts: " + POOL);
        assertThat(dialog.showingForm()).isTrue();
        assertThat(dialog.okShown()).as("no OK before the review").isFalse();
        assertThat(dialog.fieldValue("heartbeat_dead_threshold")).isEqualTo("31");
        assertThat(dialog.fieldValue("idle_timeout_ms")).isEqualTo("30000");

        dialog.type("heartbeat_dead_threshold", "6").review();
        page.await("the planner's error next to the field", d -> !dialog.fieldError("heartbeat_dead_threshold").isEmpty());
        assertThat(dialog.fieldError("heartbeat_dead_threshold")).isEqualTo("6 is outside 7-65535");
        assertThat(dialog.showingForm()).isTrue();

        dialog.type("heartbeat_dead_threshold", "15").review();
        assertThat(dialog.awaitPlan()).isEqualTo("ready");
        assertThat(dialog.steps()).containsExactly("allocate", "stage", "detach_repository", "stop_stack", "commit",
                "start_stack", "attach_repository", "wait_live");
        assertThat(dialog.planText()).contains("the pool goes from configuration generation",
                "thost01: detach repository", "thost02: stop stack", "thost03: start stack", "On each node, in order");
        assertThat(dialog.okEnabled()).isTrue();
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-change-timeouts.png"));
        dialog.ok();

        page.await("the new threshold on the card", d -> card().contains("Heartbeat dead threshold\n15 (dead after 28 s)"));
        assertThat(page.byId("pools-notice").getText()).startsWith("Change Timeouts job ").endsWith("queued for pool "
                + POOL + ". Show its progress");
        for (int i = 1; i <= 3; i++) {
            assertThat(manager.fleet.at("127.0.5." + i).liveO2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=15");
        }
        assertThat(page.sameDocument()).as("no reload").isTrue();
    }

    @Test
    void aRefusedPlanListsItsFindingsAndCannotBeConfirmed() {
        FakeAgent withVm = manager.fleet.at("127.0.5.2").withVms("guest1");
        try {
            page.logInAsAdmin();
            page.showTab("pools");
            ChangeDialogPage dialog = open("timeouts-button");
            dialog.type("reconnect_delay_ms", "4000").review();

            assertThat(dialog.awaitPlan()).isEqualTo("refused");
            assertThat(dialog.findings()).containsExactly("vms.running");
            assertThat(dialog.planText()).contains("Refused: 1 problem(s) below must be fixed first. Nothing will change.",
                    "thost02: server thost02 runs VMs [guest1]", "that o2pool does not manage", "Fix: stop them first");
            assertThat(dialog.steps()).isEmpty();
            assertThat(dialog.okEnabled()).as("a refused plan cannot be confirmed").isFalse();
            dialog.cancel();
        } finally {
            withVm.withoutVms();
        }
    }

    @Test
    void aDriftedMemberIsShownWithItsDiffAndReSyncPutsItBack() throws IOException {
        FakeAgent edited = manager.fleet.at("127.0.5.3");
        edited.editLiveClusterConf(edited.liveText().replace("ip_port = 7777", "ip_port = 7778"));
        page.logInAsAdmin();
        page.showTab("pools");
        page.markDocument();
        page.await("the pool in step", d -> driftSection() != null && driftSection().contains("Every member runs"));

        recordDriftAsTheWatchWould("thost03", edited);
        String drift = page.await("thost03's drift", d -> {
            String text = driftSection();
            return text != null && text.contains("thost03: its files were edited by hand") ? text : null;
        });
        assertThat(drift).contains("Configuration drift (1)", "Edited by hand\nyes", "-\tip_port = 7777",
                "+\tip_port = 7778");
        ((JavascriptExecutor) chromium.driver()).executeScript("document.querySelector(`article.pool[data-pool-name='"
                + POOL + "'] section.drift`).scrollIntoView();");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-drift.png"));

        ChangeDialogPage dialog = open("resync-button");
        assertThat(dialog.title()).isEqualTo("Re-sync: " + POOL);
        assertThat(dialog.awaitPlan()).isEqualTo("ready");
        assertThat(dialog.steps()).containsExactly("allocate", "stage", "commit");
        assertThat(dialog.findings()).containsExactly("config.drift");
        assertThat(dialog.planText()).contains("thost03: server thost03 runs config generation",
                "thost03: stage the new cluster.conf", "thost01: commit", "drifted: [thost03]");
        dialog.ok();

        page.await("the pool back in step", d -> driftSection().contains("Every member runs the pool's configuration"));
        assertThat(edited.liveText()).contains("ip_port = 7777").doesNotContain("ip_port = 7778");
        assertThat(page.byId("pools-notice").getText()).startsWith("Re-sync job ");
        assertThat(page.sameDocument()).as("no reload").isTrue();
    }

    /** What one drift watch round records for a member whose files differ: the drift with its diff, and the event. */
    private void recordDriftAsTheWatchWould(String serverName, FakeAgent agent) {
        Store store = manager.manager.store();
        Pool pool = store.pools().list().stream().filter(p -> p.name().equals(POOL)).findFirst().orElseThrow();
        Server server = store.servers().listByPool(pool.id()).stream().filter(s -> s.name().equals(serverName))
                .findFirst().orElseThrow();
        Drift drift = DriftCheck.check(PoolState.load(store, pool.id(), Set.of()).currentFiles(), server,
                agent.liveConfig(), Instant.now()).orElseThrow();
        store.drifts().put(drift);
        store.events().append("config.drift", pool.id(), server.id(), null, drift.summary());
    }
}
