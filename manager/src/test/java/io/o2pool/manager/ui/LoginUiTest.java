package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Logging in and out of the web UI against a real manager. */
class LoginUiTest extends BrowserTestBase {

    @Test
    void wrongPasswordIsRefusedAndTheRightOneOpensTheServersTab() {
        page.openLoggedOut();
        assertThat(page.byId("app-view").isDisplayed()).isFalse();

        page.logIn("admin", "not-the-password");
        page.await("the login error", d -> !page.byId("login-error").getText().isEmpty());
        assertThat(page.byId("login-error").getText()).isEqualTo("Wrong user name or password.");
        assertThat(page.byId("app-view").isDisplayed()).isFalse();

        page.byId("login-password").clear();
        page.logIn("admin", UiManager.ADMIN_PASSWORD);
        page.await("the Servers tab", d -> page.byId("panel-servers").isDisplayed());
        assertThat(page.byId("session-user").getText()).isEqualTo("Logged in as admin (admin)");
        assertThat(page.byId("tab-servers").getDomAttribute("aria-selected")).isEqualTo("true");
        page.await("live updates connected", d -> "live".equals(page.byId("live-status").getDomAttribute("data-state")));
    }

    @Test
    void aReloadKeepsTheSessionAndLogOutEndsIt() {
        page.logInAsAdmin();
        chromium.driver().navigate().refresh();
        page.await("the Servers tab after reload", d -> page.byId("panel-servers").isDisplayed());

        page.byId("logout-button").click();
        page.await("the login form", d -> page.byId("login-form").isDisplayed());
        assertThat(page.byId("login-error").getText()).isEqualTo("Logged out.");
        chromium.driver().navigate().refresh();
        page.await("the login form after reload", d -> page.byId("login-form").isDisplayed());
    }
}
