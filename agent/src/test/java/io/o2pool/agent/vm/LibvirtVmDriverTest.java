package io.o2pool.agent.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.ScriptedCommandRunner;
import io.o2pool.agent.api.VmStopResult;
import io.o2pool.agent.exec.CommandResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The virsh commands of listing and stopping VMs, against a scripted fake. */
class LibvirtVmDriverTest {
    static CommandResult out(List<String> command, String stdout) {
        return new CommandResult(command, 0, stdout, "");
    }

    @Test
    void shutdownWaitsForTheLifecycleEventThenDestroysWhatIsStillRunning() {
        ScriptedCommandRunner virsh = new ScriptedCommandRunner()
                .expect(List.of("virsh", "list", "--name", "--state-running"), c -> out(c, "guest1\nguest2\n\n"))
                .expect("virsh", "shutdown", "guest1")
                .expect("virsh", "event", "--domain", "guest1", "--event", "lifecycle", "--timeout", "60")
                .expect(List.of("virsh", "domstate", "guest1"), c -> out(c, "shut off\n\n"))
                .expect("virsh", "shutdown", "guest2")
                .expect("virsh", "event", "--domain", "guest2", "--event", "lifecycle", "--timeout", "60")
                .expect(List.of("virsh", "domstate", "guest2"), c -> out(c, "running\n\n"))
                .expect("virsh", "destroy", "guest2");

        VmStopResult result = new LibvirtVmDriver(virsh).stopAll(Duration.ofSeconds(60));

        virsh.assertAllRun();
        assertThat(result.stopped()).containsExactly("guest1");
        assertThat(result.forced()).containsExactly("guest2");
    }
}
