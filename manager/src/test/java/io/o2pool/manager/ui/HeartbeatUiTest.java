package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.HeartbeatReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The Servers tab's Heartbeat column and detail view: a member whose agent reports slow heartbeat writes turns from OK
 * to Warning with its latency figures without a reload (the status monitor reads it every second here and records a
 * {@code heartbeat.slow} event, which refreshes the table); the detail view shows every figure and each peer.
 */
class HeartbeatUiTest extends BrowserTestBase {
    private static final String POOL = "pool-hb";

    @Override
    List<String> managerArgs() {
        return List.of("--status-interval", "1");
    }

    @BeforeAll
    void twoActiveServersReportingHealth() {
        manager.createPool(POOL);
        for (int i = 1; i <= 2; i++) {
            manager.fleet.add("127.0.9." + i, "hhost0" + i);
            manager.addActiveServer(POOL, "127.0.9." + i, "hhost0" + i);
        }
        manager.fleet.at("127.0.9.1").withHeartbeat(report("hhost01", "hhost02", 1, 3, 0, List.of()));
        manager.fleet.at("127.0.9.2").withHeartbeat(report("hhost02", "hhost01", 0, 4, 0, List.of()));
    }

    static HeartbeatReport report(String node, String peer, int peerNumber, long maxMs, int nearMisses,
            List<HeartbeatReport.Warning> warnings) {
        var own = new HeartbeatReport.OwnWrites(12_000, true, 1_100L, 0L, 60_000, 30, 2L, maxMs, maxMs, nearMisses,
                nearMisses, 311, nearMisses, nearMisses);
        var p = new HeartbeatReport.Peer(peer, peerNumber, true, 1_300L, 0, 14_000, "CONNECTED", 450L);
        return new HeartbeatReport("userspace", node, Instant.now(), warnings.isEmpty() ? "OK" : "WARNING", warnings,
                own, List.of(p), null);
    }

    private Map<?, ?> cell(String server) {
        return (Map<?, ?>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const row = document.querySelector(`#servers-table tbody tr[data-server-name='${arguments[0]}']`);
                const cell = row && row.querySelector('td.heartbeat-cell');
                if (!cell || !cell.querySelector('.health')) return null;
                const details = cell.querySelector('details.heartbeat-health');
                return {
                  badge: cell.querySelector('.health').innerText,
                  level: cell.querySelector('.health').dataset.level || '',
                  figures: cell.querySelector('.health-figures') ? cell.querySelector('.health-figures').innerText : '',
                  open: details ? details.open : null,
                  fields: details ? [...details.querySelectorAll('dt')]
                      .map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent).join('\\n') : '',
                  peers: details ? [...details.querySelectorAll('table.heartbeat-peers tbody tr')]
                      .map((r) => r.innerText.replaceAll('\\t', ' | ')).join('\\n') : '',
                };""", server);
    }

    @Test
    void aSlowMemberTurnsWarningWithItsFiguresAndItsDetailsShowEveryPeerWithoutAReload() throws java.io.IOException {
        page.logInAsAdmin();
        page.showTab("servers");
        page.markDocument();
        Map<?, ?> ok = page.await("hhost02 shown OK", d -> {
            Map<?, ?> c = cell("hhost02");
            return c != null && "OK".equals(c.get("level")) ? c : null;
        });
        assertThat((String) ok.get("figures")).isEqualTo("write p50 2 / p99 4 / max 4 ms");

        var slow = new HeartbeatReport.Warning("heartbeat.slow", null, "2 heartbeat writes in the last 60 s took more"
                + " than half the write timeout of 12000 ms (2 more than three quarters); slowest 9400 ms, p50 2 ms, "
                + "p99 9400 ms: check the shared storage");
        manager.fleet.at("127.0.9.2").withHeartbeat(report("hhost02", "hhost01", 0, 9_400, 2, List.of(slow)));
        Map<?, ?> warned = page.await("hhost02 shown Warning", d -> {
            Map<?, ?> c = cell("hhost02");
            return c != null && "WARNING".equals(c.get("level")) ? c : null;
        });
        assertThat(((String) warned.get("badge")).strip()).isEqualTo("Warning");
        assertThat((String) warned.get("figures")).isEqualTo("write p50 2 / p99 9400 / max 9400 ms");
        assertThat((Boolean) warned.get("open")).as("collapsed until asked").isFalse();
        assertThat(page.serverStatus("hhost02")).as("a warning is not a status").isEqualTo("Active");

        ((JavascriptExecutor) chromium.driver()).executeScript("document.querySelector(\"#servers-table tbody "
                + "tr[data-server-name='hhost02'] details.heartbeat-health summary\").click();");
        Map<?, ?> opened = page.await("the details kept open across refreshes", d -> {
            Map<?, ?> c = cell("hhost02");
            return c != null && Boolean.TRUE.equals(c.get("open")) ? c : null;
        });
        assertThat((String) opened.get("fields")).contains("Level: WARNING",
                "Warnings: heartbeat.slow: " + slow.message(), "Write timeout: 12000 ms", "Since last good write: 1100 ms",
                "Write latency (last 60 s): p50 2 / p99 9400 / max 9400 ms", "Writes in the window: 30",
                "Near misses (> ½, > ¾ timeout): 2 / 2 in the window, 2 / 2 of 311 since start");
        assertThat((String) opened.get("peers")).isEqualTo(
                "hhost01 (node 0) | live | 1300 ms ago | 14000 ms | Connected | 450 ms ago");
        Map<?, ?> other = cell("hhost01");
        assertThat(other.get("level")).isEqualTo("OK");
        assertThat(page.sameDocument()).as("no reload").isTrue();
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-servers-heartbeat-warning.png"));
    }
}
