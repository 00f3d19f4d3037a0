package io.o2pool.agent.forensics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configfs writer against a fake tree laid out like the kernel's (forensics.md §3). */
class NetconsoleTargetsTest {
    @TempDir
    Path root;

    private NetconsoleTarget toNode0() {
        return new NetconsoleTarget("node0", "eth0", "169.254.77.2", "169.254.77.1", 6666, "52:54:00:77:00:01");
    }

    @Test
    void writesEachTargetDisabledThenEnablesItAndRaisesTheConsoleLevel() throws Exception {
        Path configfs = Files.createDirectories(root.resolve("config/netconsole")).getParent();
        Path printk = Files.writeString(root.resolve("printk"), "4\t4\t1\t7\n");
        NetconsoleTargets targets = new NetconsoleTargets("node1", configfs, printk);

        assertThat(targets.apply(List.of(toNode0()))).isEmpty();

        Path dir = configfs.resolve("netconsole/o2pool-node0");
        assertThat(Files.readString(dir.resolve("dev_name"))).isEqualTo("eth0\n");
        assertThat(Files.readString(dir.resolve("local_ip"))).isEqualTo("169.254.77.2\n");
        assertThat(Files.readString(dir.resolve("remote_ip"))).isEqualTo("169.254.77.1\n");
        assertThat(Files.readString(dir.resolve("remote_port"))).isEqualTo("6666\n");
        assertThat(Files.readString(dir.resolve("remote_mac"))).isEqualTo("52:54:00:77:00:01\n");
        assertThat(Files.readString(dir.resolve("enabled"))).isEqualTo("1\n");
        assertThat(dir.resolve("extended")).as("not offered by this fake kernel").doesNotExist();
        assertThat(Files.readString(printk)).isEqualTo("8");

        targets.undo();
        assertThat(dir).doesNotExist();
        assertThat(Files.readString(printk)).as("restored").isEqualTo("4");
    }

    @Test
    void setsExtendedWhenTheKernelOffersItAndRewritesATargetLeftByAnEarlierRun() throws Exception {
        Path configfs = root.resolve("config");
        Path dir = Files.createDirectories(configfs.resolve("netconsole/o2pool-node0"));
        Files.writeString(dir.resolve("extended"), "0\n");
        Files.writeString(dir.resolve("enabled"), "1\n");
        Files.writeString(dir.resolve("remote_mac"), "ff:ff:ff:ff:ff:ff\n");
        Path printk = Files.writeString(root.resolve("printk"), "8 4 1 7\n");

        assertThat(new NetconsoleTargets("node1", configfs, printk).apply(List.of(toNode0()))).isEmpty();

        assertThat(Files.readString(dir.resolve("extended"))).isEqualTo("1\n");
        assertThat(Files.readString(dir.resolve("remote_mac"))).isEqualTo("52:54:00:77:00:01\n");
        assertThat(Files.readString(printk)).as("already 8: left alone").isEqualTo("8 4 1 7\n");
    }

    @Test
    void aMissingModuleIsAFindingWithTheFix() throws Exception {
        Path configfs = Files.createDirectories(root.resolve("config"));
        Path printk = Files.writeString(root.resolve("printk"), "4 4 1 7\n");

        List<String> findings = new NetconsoleTargets("node1", configfs, printk).apply(List.of(toNode0()));

        assertThat(findings).singleElement().asString().contains("node1", "netconsole", "modprobe netconsole",
                "CONFIG_NETCONSOLE_DYNAMIC");
        assertThat(Files.readString(printk)).as("nothing applied").isEqualTo("4 4 1 7\n");
    }

    @Test
    void theModuleIsLoadedWhenConfigfsHasNoNetconsoleDirectory() throws Exception {
        Path configfs = Files.createDirectories(root.resolve("config"));
        Path printk = Files.writeString(root.resolve("printk"), "4 4 1 7\n");
        List<List<String>> ran = new java.util.ArrayList<>();
        NetconsoleTargets targets = new NetconsoleTargets("node1", configfs, printk, command -> {
            ran.add(command);
            try {
                Files.createDirectories(configfs.resolve("netconsole")); // what loading the module does
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new io.o2pool.agent.exec.CommandResult(command, 0, "", "");
        });

        assertThat(targets.apply(List.of(toNode0()))).isEmpty();
        assertThat(ran).containsExactly(List.of("modprobe", "netconsole"));
        assertThat(configfs.resolve("netconsole/o2pool-node0/enabled")).hasContent("1\n");
        assertThat(targets.apply(List.of(toNode0()))).isEmpty();
        assertThat(ran).as("loaded once").hasSize(1);
    }

    @Test
    void aModuleThatWillNotLoadIsAFindingWithModprobesAnswer() throws Exception {
        Path configfs = Files.createDirectories(root.resolve("config"));
        Path printk = Files.writeString(root.resolve("printk"), "4 4 1 7\n");
        NetconsoleTargets targets = new NetconsoleTargets("node1", configfs, printk, command ->
                new io.o2pool.agent.exec.CommandResult(command, 1, "", "modprobe: FATAL: Module netconsole not found in"
                        + " directory /lib/modules/6.1.0-57-amd64\n"));

        assertThat(targets.apply(List.of(toNode0()))).singleElement().asString().contains("node1",
                "modprobe netconsole exited 1: modprobe: FATAL: Module netconsole not found", "CONFIG_NETCONSOLE");
        assertThat(Files.readString(printk)).as("nothing applied").isEqualTo("4 4 1 7\n");
    }

    @Test
    void aTargetThatCannotBeWrittenIsRemovedAndNamed() throws Exception {
        Path configfs = root.resolve("config");
        Path dir = Files.createDirectories(configfs.resolve("netconsole/o2pool-node0"));
        Files.createDirectory(dir.resolve("remote_ip")); // writing the field fails like an EINVAL would
        Path printk = Files.writeString(root.resolve("printk"), "4 4 1 7\n");
        NetconsoleTargets targets = new NetconsoleTargets("node1", configfs, printk);

        List<String> findings = targets.apply(List.of(toNode0()));

        assertThat(findings).singleElement().asString().contains("o2pool-node0", "node1", "169.254.77.1:6666");
        assertThat(targets.created()).isEmpty();
    }

    @Test
    void badValuesNameThePeerTheValueAndTheFix() {
        assertThatThrownBy(() -> new NetconsoleTarget("node0", "eth0", "a", "b", 6666, "52:54:00:77:00"))
                .hasMessageContaining("node0").hasMessageContaining("52:54:00:77:00")
                .hasMessageContaining("/sys/class/net");
        assertThatThrownBy(() -> new NetconsoleTarget("../x", "eth0", "a", "b", 6666, "52:54:00:77:00:01"))
                .hasMessageContaining("../x");
        assertThatThrownBy(() -> new NetconsoleTarget("node0", "eth0", "a", "b", 0, "52:54:00:77:00:01"))
                .hasMessageContaining("--netconsole-port");
    }

    @Test
    void readsTheReceiversMacFromTheNeighbourTable() throws Exception {
        Path arp = Files.writeString(root.resolve("arp"), """
                IP address       HW type     Flags       HW address            Mask     Device
                169.254.77.1     0x1         0x2         52:54:00:77:00:01     *        eth0
                169.254.77.3     0x1         0x0         00:00:00:00:00:00     *        eth0
                """);
        NeighbourTable table = new NeighbourTable(arp);
        assertThat(table.lookup("169.254.77.1")).contains(
                new NeighbourTable.Neighbour("169.254.77.1", "52:54:00:77:00:01", "eth0"));
        assertThat(table.lookup("169.254.77.3")).as("incomplete").isEmpty();
        assertThat(new NeighbourTable(root.resolve("none")).lookup("169.254.77.1")).isEmpty();
    }
}
