package io.o2pool.testkit.browser;

import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The manager's web page as a person uses it: log in, switch tabs, read the Servers table, open Add Server. Shared by
 * the manager's browser tests (fake agents) and the real-agent ones (e2e/pool). Not thread-safe, like the driver.
 */
public final class ManagerPage {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver driver;
    private final String url;
    private final String adminPassword;

    /** The page of the manager at {@code url} (e.g. {@code https://127.0.0.1:41234}) whose admin has {@code adminPassword}. */
    public ManagerPage(WebDriver driver, String url, String adminPassword) {
        this.driver = driver;
        this.url = url;
        this.adminPassword = adminPassword;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the page logged out (a previous test's session is forgotten). */
    public void openLoggedOut() {
        driver.get(url);
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
        driver.navigate().refresh();
        await("the login form", d -> d.findElement(By.id("login-form")).isDisplayed());
    }

    public void logIn(String user, String password) {
        WebElement userField = byId("login-user");
        userField.clear();
        userField.sendKeys(user);
        byId("login-password").sendKeys(password);
        byId("login-button").click();
    }

    /** Logs in as admin with the password this page was made with. */
    public void logInAsAdmin() {
        logInAsAdmin(adminPassword);
    }

    /** Logs in as admin with {@code password} (a manager started with another admin password). */
    public void logInAsAdmin(String password) {
        openLoggedOut();
        logIn("admin", password);
        await("the Servers tab after login", d -> byId("panel-servers").isDisplayed());
    }

    public WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Clicks a tab: servers, pools, jobs or events. */
    public void showTab(String tab) {
        byId("tab-" + tab).click();
        await("the " + tab + " tab", d -> byId("panel-" + tab).isDisplayed());
    }

    /** The Status column of the server's row, or "" when the row is not there. */
    public String serverStatus(String name) {
        return (String) ((JavascriptExecutor) driver).executeScript("""
                const row = [...document.querySelectorAll('#servers-table tbody tr')]
                    .find((r) => r.dataset.serverName === arguments[0]);
                return row ? row.querySelector('.status').innerText : '';""", name);
    }

    /**
     * The text of the server's row, cells separated by tabs, read in one step (the table is re-rendered whenever an
     * event arrives, so reading cell by cell could mix two renderings).
     */
    public String serverRow(String name) {
        return (String) ((JavascriptExecutor) driver).executeScript("""
                const row = [...document.querySelectorAll('#servers-table tbody tr')]
                    .find((r) => r.dataset.serverName === arguments[0]);
                return row ? [...row.cells].map((c) => c.innerText.trim()).join('\t') : '';""", name);
    }

    public void awaitServerStatus(String name, String status) {
        await("server " + name + " shown as " + status, d -> serverStatus(name).equals(status));
    }

    /** As {@link #awaitServerStatus(String, String)}, waiting up to {@code timeout} (a real agent's job is slower). */
    public void awaitServerStatus(String name, String status, Duration timeout) {
        await("server " + name + " shown as " + status, timeout, d -> serverStatus(name).equals(status));
    }

    /**
     * Clicks what {@code css} selects once it is there; again if the tab re-rendered it between finding and clicking
     * (the tables are rebuilt whenever an event arrives).
     */
    public void click(String css) {
        await(css, d -> {
            try {
                d.findElement(By.cssSelector(css)).click();
                return true;
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** Clicks the button of class {@code cssClass} (e.g. remove-button) in the server's row of the Servers tab. */
    public void clickServerButton(String server, String cssClass) {
        click("#servers-table tr[data-server-name='" + server + "'] button." + cssClass);
    }

    public AddServerDialogPage openAddServer() {
        byId("add-server-button").click();
        AddServerDialogPage dialog = new AddServerDialogPage(this);
        await("the Add Server dialog", d -> byId("add-server-dialog").isDisplayed()
                && byId("server-pool").findElements(By.tagName("option")).size() > 1);
        return dialog;
    }

    /** Marks the loaded document; {@link #sameDocument()} is false after any reload or navigation. */
    public void markDocument() {
        ((JavascriptExecutor) driver).executeScript("window.o2poolTestMark = 'not reloaded';");
    }

    public boolean sameDocument() {
        return "not reloaded".equals(((JavascriptExecutor) driver).executeScript("return window.o2poolTestMark;"));
    }

    public <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, WAIT, condition);
    }

    public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        // the views re-render while they poll: an element found in one check can be gone in the next call — try again
        return new WebDriverWait(driver, timeout).withMessage(() -> "waiting for " + what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }
}
