package io.o2pool.agent.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.api.VmStopResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stand-in VM processes: listed while alive, stopped by SIGTERM, forced with SIGKILL when they ignore it. */
class ProcessVmDriverTest {
    @TempDir
    Path vms;

    @Test
    void stopAllTermsThenKillsWhatIgnoresTerm() throws Exception {
        Process polite = new ProcessBuilder("sleep", "600").start();
        // SIG_IGN survives exec, so this sleep ignores SIGTERM like a hung guest
        Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 600").start();
        try {
            ProcessVmDriver driver = new ProcessVmDriver(vms);
            driver.register("polite", polite.pid());
            driver.register("stubborn", stubborn.pid());
            Files.writeString(vms.resolve("gone.vm"), "name=gone\npid=999999999\n");
            Files.writeString(vms.resolve("broken.vm"), "name=broken\npid=abc\n");
            assertThat(driver.list()).extracting(VmInfo::name).containsExactly("polite", "stubborn");

            VmStopResult result = driver.stopAll(Duration.ofSeconds(2));

            assertThat(result.stopped()).containsExactly("polite");
            assertThat(result.forced()).containsExactly("stubborn");
            assertThat(result.failed()).isEmpty();
            assertThat(polite.isAlive()).isFalse();
            assertThat(stubborn.isAlive()).isFalse();
            assertThat(driver.list()).isEmpty();
            assertThat(driver.status("polite").state()).isEqualTo(io.o2pool.agent.api.VmState.STOPPED);
            assertThat(driver.status("gone").state()).isEqualTo(io.o2pool.agent.api.VmState.CRASHED);
        } finally {
            polite.destroyForcibly();
            stubborn.destroyForcibly();
        }
    }
}
