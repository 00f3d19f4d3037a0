package io.o2pool.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The VMs a demo plans, and the commands it prints for a user who adds the servers by hand. */
class DemoVmsTest {
    @Test
    void eachServerGetsItsVmsNamedAfterItAndTheCommandsCreateStartAndMigrateThem() {
        DemoLayout layout = new DemoLayout(Path.of("/var/tmp/o2pool-demo"), 2);
        assertThat(DemoVms.plan(layout, 2)).extracting(vm -> vm[0] + "@" + vm[1]).containsExactly(
                "vm-host01-vm1@vm-host01", "vm-host01-vm2@vm-host01", "vm-host02-vm1@vm-host02",
                "vm-host02-vm2@vm-host02");
        String printed = print(layout, 1);
        assertThat(printed).contains(
                "./o2pool vm create vm-host01-vm1 --pool demo-pool --ha --wait && ./o2pool vm start vm-host01-vm1 "
                        + "--on vm-host01 --wait",
                "./o2pool vm create vm-host02-vm1 --pool demo-pool --ha --wait && ./o2pool vm start vm-host02-vm1 "
                        + "--on vm-host02 --wait",
                "./o2pool vm migrate vm-host01-vm1 --to vm-host02 --wait");
    }

    @Test
    void manyVmsArePrintedAsTheFirstEightAndThePattern() {
        String printed = print(new DemoLayout(Path.of("/var/tmp/o2pool-demo"), 3), 4);
        assertThat(printed.lines().filter(l -> l.contains("./o2pool vm create"))).hasSize(8);
        assertThat(printed).contains("12 real VM(s)", "likewise SERVER-vmI on SERVER for the other 4");
    }

    private static String print(DemoLayout layout, int perServer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DemoVms(new PrintStream(bytes, true, StandardCharsets.UTF_8)).printCommands(layout, perServer);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
