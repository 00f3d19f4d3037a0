package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Users tab as an admin uses it (add with the API's field errors next to the fields, set a password, remove), a
 * viewer who logs in sees no Users tab and no buttons that start changes, the Events and Jobs tabs name who acted,
 * and Log Out revokes the token.
 */
class UsersUiTest extends BrowserTestBase {
    private void type(String id, String text) {
        WebElement field = page.byId(id);
        field.clear();
        field.sendKeys(text);
    }

    private String fieldError(String field) {
        return page.driver().findElement(By.cssSelector("#add-user-form .field-error[data-field='" + field + "']"))
                .getText();
    }

    private String usersTable() {
        return page.byId("users-table").getText();
    }

    @Test
    void anAdminAddsAViewerWhoSeesNoChangesAndTheAuditNamesEachUser() throws Exception {
        page.logInAsAdmin();
        assertThat(page.byId("session-user").getText()).isEqualTo("Logged in as admin (admin)");
        page.showTab("users");
        page.await("the users table", d -> usersTable().contains("admin"));

        type("new-user-name", "9bad");
        type("new-user-password", "short");
        page.byId("add-user-button").click();
        page.await("the API's errors next to the fields", d -> !fieldError("password").isEmpty());
        assertThat(fieldError("name")).contains("starting with a letter");
        assertThat(fieldError("password")).isEqualTo("use at least 8 characters");

        type("new-user-name", "vera");
        type("new-user-password", "vera-password-1");
        new org.openqa.selenium.support.ui.Select(page.byId("new-user-role")).selectByValue("VIEWER");
        page.byId("add-user-button").click();
        page.await("vera in the table", d -> usersTable().contains("vera"));
        assertThat(page.byId("users-notice").getText()).isEqualTo("User vera added with role viewer.");
        assertThat(fieldError("name")).isEmpty();

        type("new-user-name", "tmp-op");
        type("new-user-password", "tmp-op-password");
        new org.openqa.selenium.support.ui.Select(page.byId("new-user-role")).selectByValue("OPERATOR");
        page.byId("add-user-button").click();
        page.await("tmp-op in the table", d -> usersTable().contains("tmp-op"));
        page.click("#users-table tr[data-user='tmp-op'] button[data-action='remove']");
        page.driver().switchTo().alert().accept();
        page.await("tmp-op gone", d -> !usersTable().contains("tmp-op"));

        page.click("#users-table tr[data-user='vera'] button[data-action='set-password']");
        page.driver().findElement(By.cssSelector("#users-table tr[data-user='vera'] input.inline-password"))
                .sendKeys("vera-password-2");
        page.click("#users-table tr[data-user='vera'] button[data-action='save-password']");
        page.await("the password notice", d -> page.byId("users-notice").getText().startsWith("Password of vera"));
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-users.png"));

        page.showTab("events");
        page.await("user events by admin", d -> page.driver().findElements(By.cssSelector(
                "#events-table tr[data-kind='user.created'] td.event-user")).stream()
                .anyMatch(td -> td.getText().equals("admin")));

        page.byId("logout-button").click();
        page.await("the login form", d -> page.byId("login-form").isDisplayed());
        page.logIn("vera", "vera-password-2");
        page.await("the Servers tab", d -> page.byId("panel-servers").isDisplayed());
        assertThat(page.byId("session-user").getText()).isEqualTo("Logged in as vera (viewer)");
        assertThat(page.byId("tab-users").isDisplayed()).isFalse();
        assertThat(page.byId("add-server-button").isDisplayed()).isFalse();
        page.showTab("pools");
        assertThat(page.byId("create-pool-button").isDisplayed()).isFalse();
    }
}
