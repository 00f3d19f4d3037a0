package io.o2pool.testkit.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The Add Server dialog: its fields (found by id, each with a label), Test Connection, Add, and the OK step. */
public final class AddServerDialogPage {
    private final ManagerPage page;

    AddServerDialogPage(ManagerPage page) {
        this.page = page;
    }

    public AddServerDialogPage type(String fieldId, String text) {
        WebElement field = page.byId(fieldId);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    public AddServerDialogPage choose(String fieldId, String visibleText) {
        new Select(page.byId(fieldId)).selectByVisibleText(visibleText);
        return this;
    }

    /** Fills every field of the seed's dialog plus the agent password. */
    public AddServerDialogPage fill(String host, String name, String type, String pool, String password) {
        return type("server-host", host).type("server-name", name).choose("server-type", type)
                .choose("server-pool", pool).type("server-location", "rack 3, row B")
                .type("server-description", "added from the web UI").type("agent-password", password);
    }

    /** The text of the field's label (what a person reads next to the field). */
    public String label(String fieldId) {
        return page.driver().findElement(By.cssSelector("label[for='" + fieldId + "']")).getText();
    }

    /** Clicks Test Connection and waits for its outcome (ok or error). */
    public AddServerDialogPage testConnection() {
        page.byId("test-connection-button").click();
        page.await("the Test Connection result", d -> {
            String state = page.byId("test-status").getDomAttribute("data-state");
            return "ok".equals(state) || "error".equals(state);
        });
        return this;
    }

    public String testState() {
        return page.byId("test-status").getDomAttribute("data-state");
    }

    public String testMessage() {
        return page.byId("test-status").getText();
    }

    public String details() {
        return page.byId("test-details").getText();
    }

    public boolean addEnabled() {
        return page.byId("add-button").isEnabled();
    }

    /** The error shown under the field, "" when none. */
    public String fieldError(String fieldId) {
        return page.byId(fieldId + "-error").getText();
    }

    public boolean flaggedInvalid(String fieldId) {
        return "true".equals(page.byId(fieldId).getDomAttribute("aria-invalid"));
    }

    /** Add: the confirmation with the values appears. Returns its text. */
    public String add() {
        page.byId("add-button").click();
        page.await("the confirmation", d -> page.byId("add-server-step-confirm").isDisplayed());
        return page.byId("add-server-step-confirm").getText();
    }

    public void ok() {
        page.byId("confirm-ok-button").click();
    }

    public boolean open() {
        return page.byId("add-server-dialog").isDisplayed();
    }

    public boolean showingForm() {
        return page.byId("add-server-step-form").isDisplayed();
    }
}
