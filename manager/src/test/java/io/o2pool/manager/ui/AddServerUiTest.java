package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.agents.Finding;
import io.o2pool.testkit.browser.AddServerDialogPage;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Servers tab and the Add Server dialog, in headless Chromium against a real manager with scripted agents. */
class AddServerUiTest extends BrowserTestBase {
    private static final String POOL = "pool1";

    @BeforeAll
    void createPool() {
        manager.createPool(POOL);
    }

    @AfterEach
    void releaseHeldAgents() {
        manager.agents.releaseAll();
    }

    @Test
    void addsAServerThroughTheDialogAndSeesAddingTurnActiveWithoutReloading() throws IOException {
        manager.fleet.add("127.0.1.3", "vm-host03").withPreflightFinding(new Finding(Finding.Severity.WARNING,
                "hosts.alias", "vm-host03", "/etc/hosts also maps vm-host03 to 127.0.1.1",
                "remove vm-host03 from the 127.0.1.1 line of /etc/hosts"));
        page.logInAsAdmin();
        page.markDocument();

        AddServerDialogPage dialog = page.openAddServer();
        assertThat(dialog.label("server-host")).isEqualTo("Server Host/IP *");
        assertThat(dialog.label("server-name")).isEqualTo("Server Name *");
        assertThat(dialog.label("server-type")).isEqualTo("Server Type *");
        assertThat(dialog.label("server-pool")).isEqualTo("Server Pool Name *");
        assertThat(dialog.label("server-location")).isEqualTo("Location");
        assertThat(dialog.label("server-description")).isEqualTo("Description");
        assertThat(dialog.label("agent-password")).isEqualTo("Agent Password *");
        assertThat(dialog.addEnabled()).as("Add before Test Connection").isFalse();

        dialog.fill("127.0.1.3", "vm-host03", "Virtual Machine Server", POOL, FakeFleet.PASSWORD).testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("ok");
        assertThat(dialog.details()).contains("vm-host03", "fp-vm-host03", FakeFleet.UUID, "WARNING", "hosts.alias",
                "/etc/hosts also maps vm-host03 to 127.0.1.1",
                "Fix: remove vm-host03 from the 127.0.1.1 line of /etc/hosts");
        assertThat(dialog.addEnabled()).as("Add after a successful Test Connection").isTrue();
        chromium.screenshot(docs().resolve("ui-add-server.png"));

        manager.agents.hold("127.0.1.3"); // the job stops before commit until released
        assertThat(dialog.add()).contains("127.0.1.3", "vm-host03", "Virtual Machine Server", POOL, "rack 3, row B");
        dialog.ok();
        page.awaitServerStatus("vm-host03", "Adding");
        assertThat(dialog.open()).isFalse();
        assertThat(page.byId("servers-notice").getText()).contains("Add Server job", "queued for vm-host03");
        assertThat(page.serverRow("vm-host03")).as("node number — until allocated, then 0")
                .matches("vm-host03\t127\\.0\\.1\\.3\tVirtual Machine Server\tpool1\t(—|0)\tAdding\t—\t—\track 3, row B\t");

        manager.agents.release("127.0.1.3");
        page.awaitServerStatus("vm-host03", "Active"); // no Refresh, no reload: the event stream brought it
        assertThat(page.sameDocument()).as("the page was not reloaded").isTrue();
        assertThat(page.serverRow("vm-host03")).as("with its Maintenance and Remove buttons")
                .matches("vm-host03\t127.0.1.3\tVirtual Machine Server\tpool1\t0\tActive\t—\t—\track 3, row B\t"
                        + "Maintenance\\s*Remove");

        // a server added elsewhere (the CLI, another browser) shows up too, and Refresh still works
        manager.fleet.add("127.0.1.2", "vm-host02");
        manager.addActiveServer(POOL, "127.0.1.2", "vm-host02");
        page.awaitServerStatus("vm-host02", "Active");
        page.byId("refresh-servers-button").click();
        page.awaitServerStatus("vm-host03", "Active");
        chromium.screenshot(docs().resolve("ui-servers.png"));
    }

    @Test
    void testConnectionToAStoppedAgentShowsTheErrorAndAddStaysDisabled() {
        manager.fleet.add("127.0.1.9", "vm-host09").kill();
        page.logInAsAdmin();

        AddServerDialogPage dialog = page.openAddServer()
                .fill("127.0.1.9", "vm-host09", "Utility Server", POOL, FakeFleet.PASSWORD).testConnection();

        assertThat(dialog.testState()).isEqualTo("error");
        assertThat(dialog.testMessage()).startsWith("Cannot connect to the agent on 127.0.1.9:")
                .contains("connection refused").contains("Check that the agent is running");
        assertThat(dialog.addEnabled()).isFalse();
    }

    @Test
    void aMissingRequiredFieldIsFlaggedNextToIt() {
        manager.fleet.add("127.0.1.4", "vm-host04");
        page.logInAsAdmin();
        AddServerDialogPage dialog = page.openAddServer();
        dialog.type("server-host", "127.0.1.4").choose("server-pool", POOL).type("agent-password", FakeFleet.PASSWORD);

        dialog.testConnection();
        assertThat(dialog.fieldError("server-name")).isEqualTo("Server Name is required.");
        assertThat(dialog.flaggedInvalid("server-name")).isTrue();
        assertThat(dialog.fieldError("server-host")).isEmpty();
        assertThat(dialog.addEnabled()).isFalse();

        dialog.type("server-name", "vm-host04");
        assertThat(dialog.fieldError("server-name")).as("typing clears the error").isEmpty();
        dialog.testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("ok");

        page.byId("add-button").click(); // Server Type still unchosen
        assertThat(dialog.fieldError("server-type")).isEqualTo("Server Type is required.");
        assertThat(dialog.flaggedInvalid("server-type")).isTrue();
        assertThat(dialog.showingForm()).as("no confirmation while a field is missing").isTrue();
    }

    @Test
    void theApisFieldErrorsAppearNextToTheirFields() {
        manager.fleet.add("127.0.1.5", "vm-host05");
        manager.fleet.add("127.0.1.6", "vm-host06");
        manager.addActiveServer(POOL, "127.0.1.5", "vm-host05");
        page.logInAsAdmin();
        AddServerDialogPage dialog = page.openAddServer();

        dialog.fill("not a host!", "vm-host06", "Virtual Machine Server", POOL, FakeFleet.PASSWORD).testConnection();
        assertThat(dialog.fieldError("server-host")).isNotEmpty();
        assertThat(dialog.flaggedInvalid("server-host")).isTrue();
        assertThat(dialog.addEnabled()).isFalse();

        // the name is taken: Test Connection runs the job's preflight, which says so before anything is stored
        dialog.type("server-host", "127.0.1.6").type("server-name", "vm-host05").testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("error");
        assertThat(page.byId("add-server-dialog").getText()).contains("a server named vm-host05 exists");
        assertThat(dialog.addEnabled()).as("a refused server cannot be added").isFalse();
        assertThat(page.serverStatus("vm-host06")).isEmpty();
    }

    @Test
    void preflightProblemsAreListedWithTheirFixAndBlockAdd() {
        manager.fleet.add("127.0.1.7", "vm-host07").withVms("guest1").withPreflightFinding(Finding.error(
                "hosts.loopback", "vm-host07", "/etc/hosts maps vm-host07 to 127.0.0.1, not to its address 127.0.1.7",
                "change the vm-host07 line of /etc/hosts to 127.0.1.7 vm-host07"));
        page.logInAsAdmin();

        AddServerDialogPage dialog = page.openAddServer()
                .fill("127.0.1.7", "vm-host07", "Virtual Machine Server", POOL, FakeFleet.PASSWORD).testConnection();

        assertThat(dialog.testState()).isEqualTo("error");
        assertThat(dialog.testMessage()).contains("1 problem(s) must be fixed");
        assertThat(dialog.details()).contains("ERROR", "hosts.loopback",
                "Fix: change the vm-host07 line of /etc/hosts to 127.0.1.7 vm-host07", "guest1");
        assertThat(dialog.addEnabled()).isFalse();
    }

    @Test
    void aHostsFindingOffersTheFixWhichIsShownThenWrittenAndTheTestPassesAgain() {
        manager.fleet.add("127.0.1.8", "vm-host08").withHosts("127.0.0.1\tvm-host08 localhost\n");
        page.logInAsAdmin();
        AddServerDialogPage dialog = page.openAddServer()
                .fill("127.0.1.8", "vm-host08", "Virtual Machine Server", POOL, FakeFleet.PASSWORD).testConnection();
        assertThat(dialog.testState()).isEqualTo("error");
        assertThat(dialog.details()).contains("hosts.wrong-address");

        page.driver().findElement(org.openqa.selenium.By.cssSelector("#test-details .fix-hosts-show")).click();
        page.await("the fix's diff", d -> !d.findElements(org.openqa.selenium.By.id("fix-hosts-apply")).isEmpty());
        assertThat(dialog.details()).contains("vm-host08 localhost", "+127.0.1.8");
        assertThat(manager.fleet.at("127.0.1.8").hostsText()).as("shown, not written").contains("vm-host08 localhost");

        page.byId("fix-hosts-apply").click();
        page.await("the test passing after the fix", d -> "ok".equals(dialog.testState()));
        assertThat(manager.fleet.at("127.0.1.8").hostsText()).isEqualTo("127.0.0.1\tlocalhost\n127.0.1.8\tvm-host08\n");
        assertThat(dialog.addEnabled()).isTrue();
    }

    @Test
    void theMatrixIsShownAndGrowSlotsMakesTheFifthServerOfAFourSlotVolumeAPlannedStep() {
        String pool = "slots4";
        manager.createPool(pool, "/dev/sdd1");
        manager.fleet.volumeSlots(4);
        try {
            for (int i = 21; i <= 24; i++) {
                manager.fleet.add("127.0.1." + i, "vm-host" + i);
                manager.addActiveServer(pool, "127.0.1." + i, "vm-host" + i);
            }
            manager.fleet.add("127.0.1.25", "vm-host25");
            manager.fleet.block("127.0.1.21", "127.0.1.25");
            page.logInAsAdmin();
            AddServerDialogPage dialog = page.openAddServer()
                    .fill("127.0.1.25", "vm-host25", "Virtual Machine Server", pool, FakeFleet.PASSWORD)
                    .testConnection();
            assertThat(dialog.testState()).isEqualTo("error");
            assertThat(dialog.details()).contains("repository.slots", "connectivity.blocked");
            assertThat(page.byId("connectivity-matrix").getText()).contains("vm-host21", "blocked", "open");

            manager.fleet.unblockAll();
            page.byId("grow-slots").click();
            dialog.testConnection();
            assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("ok");
            assertThat(dialog.add()).contains("grow");
            dialog.ok();
            org.awaitility.Awaitility.await("vm-host25 ACTIVE").atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(200)).untilAsserted(() ->
                            assertThat(manager.status("vm-host25")).as(manager.describe("vm-host25")).isEqualTo("ACTIVE"));
            page.awaitServerStatus("vm-host25", "Active");
            assertThat(manager.fleet.volumeSlots()).isEqualTo(5);
        } finally {
            manager.fleet.unblockAll();
            manager.fleet.volumeSlots(null);
        }
    }
}
