package io.o2pool.manager.ui;

import io.o2pool.testkit.browser.ManagerPage;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The change dialog (Change Timeouts, Re-sync, Maintenance, Remove, Delete pool): its optional form, the review with
 * the manager's plan, OK. Not thread-safe, like the driver.
 */
final class ChangeDialogPage {
    private final ManagerPage page;

    ChangeDialogPage(ManagerPage page) {
        this.page = page;
        page.await("the change dialog", d -> page.byId("change-dialog").isDisplayed());
    }

    String title() {
        return page.byId("change-title").getText();
    }

    /** Types into the form's field named as the API names it. */
    ChangeDialogPage type(String field, String text) {
        WebElement input = page.byId("change-field-" + field);
        input.clear();
        input.sendKeys(text);
        return this;
    }

    String fieldValue(String field) {
        return page.byId("change-field-" + field).getDomProperty("value");
    }

    String fieldError(String field) {
        return page.byId("change-field-" + field + "-error").getText();
    }

    boolean showingForm() {
        return page.byId("change-step-form").isDisplayed();
    }

    /** Review Plan: the form's values go to the manager's planner. */
    ChangeDialogPage review() {
        page.byId("change-review-button").click();
        return this;
    }

    /** idle, planning, ready, refused, empty (nothing to do) or error. */
    String planState() {
        String state = page.byId("change-plan").getDomAttribute("data-plan-state");
        return state == null ? "idle" : state;
    }

    /** Waits until the plan is shown (or refused, or empty) and returns its state. */
    String awaitPlan() {
        return page.await("the plan", d -> {
            String state = planState();
            return state.equals("ready") || state.equals("refused") || state.equals("empty") || state.equals("error")
                    ? state : null;
        });
    }

    /** The planned step ids, in order. */
    List<String> steps() {
        return page.driver().findElements(By.cssSelector("#change-plan .plan-steps > li")).stream()
                .map(s -> s.getDomAttribute("data-step")).toList();
    }

    /** The codes of the plan's findings. */
    List<String> findings() {
        return page.driver().findElements(By.cssSelector("#change-plan .finding")).stream()
                .map(s -> s.getDomAttribute("data-code")).toList();
    }

    /** The plan as the person reads it. */
    String planText() {
        return (String) ((JavascriptExecutor) page.driver()).executeScript(
                "return document.querySelector('#change-plan').innerText;");
    }

    String error() {
        return page.byId("change-error").getText();
    }

    boolean okShown() {
        return page.byId("change-ok-button").isDisplayed();
    }

    boolean okEnabled() {
        return page.byId("change-ok-button").isEnabled();
    }

    /** OK, once enabled; waits until the dialog closed. */
    void ok() {
        page.await("OK enabled", d -> okEnabled() ? true : null);
        page.byId("change-ok-button").click();
        page.await("the dialog closed", d -> page.byId("change-dialog").isDisplayed() ? null : true);
    }

    void cancel() {
        page.byId("change-cancel-button").click();
        page.await("the dialog closed", d -> page.byId("change-dialog").isDisplayed() ? null : true);
    }
}
