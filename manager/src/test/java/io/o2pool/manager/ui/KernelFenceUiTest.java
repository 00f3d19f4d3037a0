package io.o2pool.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.agents.KernelFence;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A kernel-stack member that fenced itself, shown in the Servers tab like a userspace one: its own agent has no record,
 * a survivor's agent has the one it assembled (the lines of forensics.md §2.3); the expanded record says the node's
 * lines came over netconsole via the survivor, gives the kernel's timings and lists every line with its origin.
 */
class KernelFenceUiTest extends BrowserTestBase {
    private static final String POOL = "pool-kf";

    @Override
    List<String> managerArgs() {
        return List.of("--status-interval", "1");
    }

    @BeforeAll
    void twoServersOneFencesOnTheKernelStack() {
        manager.createPool(POOL);
        for (int i = 1; i <= 2; i++) {
            manager.fleet.add("127.0.9." + (20 + i), "khost0" + i);
            manager.addActiveServer(POOL, "127.0.9." + (20 + i), "khost0" + i);
        }
    }

    private Map<?, ?> record(String server) {
        return (Map<?, ?>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const row = document.querySelector(`#servers-table tbody tr[data-server-name='${arguments[0]}']`);
                const d = row && row.querySelector('details.fence-record');
                if (!d) return null;
                return {
                  summary: d.querySelector('summary').innerText,
                  open: d.open,
                  fields: [...d.querySelectorAll('dt')]
                      .map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent).join('\\n'),
                  lines: [...d.querySelectorAll('ol.fence-kernel-lines li')].map((li) => li.textContent).join('\\n'),
                };""", server);
    }

    @Test
    void theKernelRecordShowsWhereEachLineCameFrom() throws java.io.IOException {
        String timeout = "(kworker/0:2,48,0):o2hb_write_timeout:301 ERROR: Heartbeat write timeout to device dm-0"
                + " after 12012 milliseconds";
        manager.fleet.at("127.0.9.21").withAssembledFenceRecord(new FenceRecord(Instant.now(), "ocfs2", "khost02", 1,
                "WRITE_TIMEOUT", timeout, 2, 2, 0, List.of("khost01"), List.of("khost01"), List.of(), "reset",
                new KernelFence("netconsole via khost01", 12012L, 5884L, List.of("khost01=4608"), List.of(
                        new KernelFence.Line("NETCONSOLE", "khost02", "khost01", 62_144_191L, null, timeout),
                        new KernelFence.Line("SURVIVOR", "khost01", null, 66_266_228L, null,
                                "o2cb: o2dlm has evicted node 1 from domain 60E218C1B31E4AC2952958C57C37A4C3")))));
        page.logInAsAdmin();
        page.showTab("servers");
        manager.fleet.at("127.0.9.22").fence(); // FENCED, no record of its own
        page.awaitServerStatus("khost02", "Fenced");
        page.await("the record shown", d -> record("khost02"));
        ((JavascriptExecutor) chromium.driver()).executeScript("document.querySelector(\"#servers-table tbody "
                + "tr[data-server-name='khost02'] details.fence-record summary\").click();");
        Map<?, ?> r = page.await("the record expanded", d -> {
            Map<?, ?> m = record("khost02");
            return m != null && Boolean.TRUE.equals(m.get("open")) ? m : null;
        });
        assertThat((String) r.get("summary")).isEqualTo("Fence record: Heartbeat write timeout (WRITE_TIMEOUT)");
        assertThat((String) r.get("fields")).contains("Fence method: reset",
                "The node's own lines: netconsole via khost01", "Write timeout (ms): 12012",
                "Warning before the fence (ms): 5884", "Eviction to recovery done (ms, per survivor): khost01=4608",
                "Peers seen heartbeating: khost01");
        assertThat((String) r.get("lines")).isEqualTo(
                "khost02, received by khost01 over netconsole at 62.144191 s: " + timeout + "\n"
                        + "khost01 (survivor) at 66.266228 s: o2cb: o2dlm has evicted node 1 from domain"
                        + " 60E218C1B31E4AC2952958C57C37A4C3");
        chromium.screenshot(Path.of("target", "ui-screenshots", "ui-servers-kernel-fence.png"));
    }
}
