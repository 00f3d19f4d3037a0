package io.o2pool.manager.ui;

import io.o2pool.testkit.browser.HeadlessChromium;
import io.o2pool.testkit.browser.ManagerPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real manager (HTTPS, H2 in a temp dir, fake agents) and one headless Chromium that accepts its self-signed
 * certificate, per test class; both are stopped after the class, whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestBase {
    UiManager manager;
    HeadlessChromium chromium;
    ManagerPage page;

    @BeforeAll
    void startManagerAndBrowser(@TempDir Path dataDir) throws IOException {
        manager = new UiManager(dataDir, managerArgs());
        chromium = HeadlessChromium.start(manager.certificate());
        page = new ManagerPage(chromium.driver(), manager.url(), UiManager.ADMIN_PASSWORD);
    }

    @AfterAll
    void stopBrowserAndManager() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (manager != null) {
                manager.close();
            }
        }
    }

    /** Extra command-line options of the class's manager (none by default). */
    java.util.List<String> managerArgs() {
        return java.util.List.of();
    }

    /** The repository's docs/ folder (the build runs in the manager module). */
    static Path docs() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.exists(p.resolve("manager/pom.xml"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/ folder above " + here);
    }
}
