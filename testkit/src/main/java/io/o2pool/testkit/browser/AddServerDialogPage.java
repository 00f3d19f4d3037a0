package io.o2pool.testkit.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Add Server dialog: its fields (found by id, each with a label; further servers of a batch in rows), Test
 * Connection, Add, and the review step with the plan before OK.
 */
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

    /** Add Another Server: a further row; returns its position (2 for the first added). */
    public int addRow() {
        int before = rows();
        page.byId("add-row-button").click();
        page.await("row " + (before + 1), d -> rows() == before + 1);
        return before + 1;
    }

    /** How many servers the dialog adds. */
    public int rows() {
        return 1 + page.driver().findElements(By.cssSelector("#more-servers fieldset.server-row")).size();
    }

    /** Fills the fields of the server at {@code position} (2 or more: a further row) with a type's visible text. */
    public AddServerDialogPage fillRow(int position, String host, String name, String type, String password) {
        WebElement row = page.driver().findElements(By.cssSelector("#more-servers fieldset.server-row"))
                .get(position - 2);
        typeInto(row.findElement(By.cssSelector("input[name='host']")), host);
        typeInto(row.findElement(By.cssSelector("input[name='name']")), name);
        new Select(row.findElement(By.cssSelector("select[name='type']"))).selectByVisibleText(type);
        typeInto(row.findElement(By.cssSelector("input[name='agent_password']")), password);
        return this;
    }

    private static void typeInto(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
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

    /** Add: the review step with the values and the manager's plan appears. Returns its text once planned. */
    public String add() {
        page.byId("add-button").click();
        page.await("the review step", d -> page.byId("add-server-step-confirm").isDisplayed());
        page.await("the plan", d -> !planState().equals("planning") && !planState().equals("idle"));
        return page.byId("add-server-step-confirm").getText();
    }

    /** The review's plan: idle, planning, ready, refused, empty (nothing to do) or error. */
    public String planState() {
        String state = page.byId("add-server-plan").getDomAttribute("data-plan-state");
        return state == null ? "idle" : state;
    }

    public boolean okEnabled() {
        return page.byId("confirm-ok-button").isEnabled();
    }

    /** OK, once the plan is shown and may run. */
    public void ok() {
        page.await("OK enabled by the plan", d -> okEnabled());
        page.byId("confirm-ok-button").click();
    }

    public boolean open() {
        return page.byId("add-server-dialog").isDisplayed();
    }

    public boolean showingForm() {
        return page.byId("add-server-step-form").isDisplayed();
    }
}
