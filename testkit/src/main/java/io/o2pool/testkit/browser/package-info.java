/**
 * Browser-test harness shared by the manager's web-UI tests (fake agents) and the real-agent ones in e2e/pool:
 * Debian's headless Chromium ({@link io.o2pool.testkit.browser.HeadlessChromium}) and the manager's page as a person
 * uses it ({@link io.o2pool.testkit.browser.ManagerPage}, {@link io.o2pool.testkit.browser.AddServerDialogPage}).
 * Selenium and the JDK only; no o2pool module.
 */
package io.o2pool.testkit.browser;
