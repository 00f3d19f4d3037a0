package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.model.VmState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Virtual Machines tab against a real manager (fake agents with one hypervisor each): Create VM, Start with the
 * plan reviewed before OK, Migrate to a chosen server and see the VM move without a reload; the Servers tab lists each
 * server's VMs.
 */
class VmsUiTest extends BrowserTestBase {
    private static final String POOL = "pool-vm";

    @BeforeAll
    void poolOfTwoActiveServers() {
        manager.createPool(POOL);
        for (int i = 1; i <= 2; i++) {
            manager.fleet.add("127.0.5." + i, "vhost0" + i);
            manager.addActiveServer(POOL, "127.0.5." + i, "vhost0" + i);
        }
    }

    private WebElement row(String vm) {
        return page.await("the row of " + vm, d -> d.findElements(By.cssSelector("#vms-table tr[data-vm='" + vm + "']"))
                .stream().findFirst().orElse(null));
    }

    private void awaitVm(String vm, String state, String server) {
        page.await(vm + " " + state + " on " + server, Duration.ofSeconds(30), d -> {
            var rows = d.findElements(By.cssSelector("#vms-table tr[data-vm='" + vm + "']"));
            if (rows.isEmpty()) {
                return null;
            }
            try {
                WebElement r = rows.getFirst();
                return state.equals(r.getDomAttribute("data-state"))
                        && r.findElement(By.className("vm-server")).getText().equals(server) ? true : null;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return null; // a live event re-rendered the table meanwhile: look again
            }
        });
    }

    /** Live events re-render the rows at any time: an element found a moment ago may be gone; find it again. */
    private void onRow(String vm, java.util.function.Consumer<WebElement> action) {
        page.await("the row of " + vm + " still there", d -> {
            try {
                action.accept(row(vm));
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return null;
            }
        });
    }

    private void chooseServer(String vm, String server) {
        onRow(vm, r -> new Select(r.findElement(By.className("vm-target"))).selectByVisibleText(server));
    }

    private ChangeDialogPage clickVmAction(String vm, String action) {
        onRow(vm, r -> r.findElement(By.cssSelector("button[data-action='" + action + "']")).click());
        return new ChangeDialogPage(page);
    }

    @Test
    void createStartMigrateAndSeeItMoveWithoutAReload() throws java.io.IOException {
        page.logInAsAdmin();
        page.showTab("vms");
        page.markDocument();

        page.byId("new-vm-name").sendKeys("web01");
        new Select(page.byId("new-vm-pool")).selectByVisibleText(POOL);
        page.byId("new-vm-ha").click();
        page.byId("create-vm-button").click();
        awaitVm("web01", "STOPPED", "—");
        onRow("web01", r -> assertThat(r.getText()).contains("HA", "1 vCPU, 96 MiB"));

        chooseServer("web01", "vhost01");
        ChangeDialogPage start = clickVmAction("web01", "start");
        assertThat(start.awaitPlan()).isEqualTo("ready");
        assertThat(start.planText()).contains("vhost01: take VM web01's ownership lease and start it");
        start.ok();
        awaitVm("web01", "RUNNING", "vhost01");
        assertThat(manager.fleet.at("127.0.5.1").vm("web01")).isEqualTo(VmState.RUNNING);

        chooseServer("web01", "vhost02");
        ChangeDialogPage migrate = clickVmAction("web01", "migrate");
        assertThat(migrate.awaitPlan()).isEqualTo("ready");
        assertThat(migrate.planText()).contains("vhost01: live-migrate VM web01 to vhost02");
        migrate.ok();
        awaitVm("web01", "RUNNING", "vhost02");
        assertThat(manager.fleet.at("127.0.5.1").vm("web01")).isNull();
        assertThat(manager.fleet.at("127.0.5.2").vm("web01")).isEqualTo(VmState.RUNNING);
        assertThat(manager.fleet.leaseHolder("web01")).isEqualTo("vhost02");
        assertThat(page.sameDocument()).as("no reload").isTrue();
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-vms.png"));

        page.showTab("servers");
        page.await("vhost02 lists web01", d -> d.findElements(By.cssSelector(
                "#servers-table tr[data-server-name='vhost02'] .server-vms [data-vm='web01']")).isEmpty() ? null : true);
    }

    @Test
    void withNoActiveServerTheStartPlanIsRefusedAndCannotBeConfirmed() {
        page.logInAsAdmin();
        page.showTab("vms");
        page.byId("new-vm-name").sendKeys("db01");
        new Select(page.byId("new-vm-pool")).selectByVisibleText(POOL);
        page.byId("create-vm-button").click();
        awaitVm("db01", "STOPPED", "—");
        manager.fleet.at("127.0.5.1").silence();
        manager.fleet.at("127.0.5.2").silence();
        try {
            page.await("both UNREACHABLE", Duration.ofSeconds(30), d -> manager.status("vhost01").equals("UNREACHABLE")
                    && manager.status("vhost02").equals("UNREACHABLE") ? true : null);
            page.showTab("servers");
            page.showTab("vms");
            onRow("db01", r -> assertThat(new Select(r.findElement(By.className("vm-target"))).getOptions())
                    .extracting(WebElement::getText).containsExactly("least loaded"));
            ChangeDialogPage start = clickVmAction("db01", "start");
            assertThat(start.awaitPlan()).isEqualTo("refused");
            assertThat(start.planText()).contains("vm.no-server", "has no ACTIVE server to start db01");
            assertThat(page.byId("change-ok-button").isEnabled()).isFalse();
            start.cancel();
        } finally {
            manager.fleet.at("127.0.5.1").revive();
            manager.fleet.at("127.0.5.2").revive();
            page.await("both ACTIVE again", Duration.ofSeconds(30), d -> manager.status("vhost01").equals("ACTIVE")
                    && manager.status("vhost02").equals("ACTIVE") ? true : null);
        }
    }

    @Test
    void aBadNameIsShownNextToItsFieldAndNothingIsCreated() {
        page.logInAsAdmin();
        page.showTab("vms");
        page.byId("new-vm-name").sendKeys("bad name!");
        new Select(page.byId("new-vm-pool")).selectByVisibleText(POOL);
        page.byId("create-vm-button").click();
        String error = page.await("the name's error", d -> {
            String text = d.findElement(By.cssSelector("#create-vm-form .field-error[data-field='name']")).getText();
            return text.isEmpty() ? null : text;
        });
        assertThat(error).contains("VM name 'bad name!' is not valid");
        assertThat(page.driver().findElements(By.cssSelector("#vms-table tr[data-vm='bad name!']"))).isEmpty();
    }
}
