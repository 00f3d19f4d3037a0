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
                .matches("vm-host03\t127\\.0\\.1\\.3\tVirtual Machine Server\tpool1\t(—|0)\tAdding\track 3, row B\t");

        manager.agents.release("127.0.1.3");
        page.awaitServerStatus("vm-host03", "Active"); // no Refresh, no reload: the event stream brought it
        assertThat(page.sameDocument()).as("the page was not reloaded").isTrue();
        assertThat(page.serverRow("vm-host03")).as("with its Maintenance and Remove buttons")
                .matches("vm-host03\t127.0.1.3\tVirtual Machine Server\tpool1\t0\tActive\track 3, row B\t"
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

        // the name is taken: Test Connection passes, the manager's plan (the review after Add) names the field
        dialog.type("server-host", "127.0.1.6").type("server-name", "vm-host05").testConnection();
        assertThat(dialog.testState()).as(dialog.testMessage()).isEqualTo("ok");
        page.byId("add-button").click();
        page.await("the error next to Server Name", d -> !dialog.fieldError("server-name").isEmpty());
        assertThat(dialog.fieldError("server-name")).isEqualTo("a server named vm-host05 exists");
        assertThat(dialog.showingForm()).isTrue();
        assertThat(dialog.addEnabled()).as("the name must be tested again").isFalse();
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
}
