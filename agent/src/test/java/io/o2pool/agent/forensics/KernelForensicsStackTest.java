package io.o2pool.agent.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Netconsole at kernel stack start and stop, on a fake configfs tree and a neighbour table that fills in once the peer
 * was nudged (as the kernel's does after one packet): vm-host03 points netconsole at vm-host02's and vm-host04's
 * agents; a peer whose MAC never appears is a finding, and stopping the stack removes the targets.
 */
class KernelForensicsStackTest {
    @TempDir
    Path root;

    private static final StackConfig CONFIG = ConfigSamples.stackConfig(ConfigSamples.clusterConf(3),
            ConfigSamples.o2cb(7));

    @Test
    void onlinePointsNetconsoleAtThePeersAndOfflineTakesItDown() throws Exception {
        Path configfs = Files.createDirectories(root.resolve("config/netconsole")).getParent();
        Path printk = Files.writeString(root.resolve("printk"), "4 4 1 7\n");
        Path arp = Files.writeString(root.resolve("arp"), "IP address HW type Flags HW address Mask Device\n");
        List<String> nudged = new ArrayList<>();
        Consumer<String> nudge = ip -> {
            nudged.add(ip);
            if (ip.equals("192.168.3.152")) { // vm-host02 answers; vm-host04 never does
                try {
                    Files.writeString(arp, ip + "  0x1  0x2  52:54:00:77:00:02  *  eth1\n",
                            java.nio.file.StandardOpenOption.APPEND);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        NetconsoleTargets targets = new NetconsoleTargets("vm-host03", configfs, printk);
        KernelForensicsStack stack = new KernelForensicsStack(new Started(), () -> null,
                c -> NetconsolePlan.plan("vm-host03", c, 6666, new NeighbourTable(arp), nudge, Map.of()), targets);

        StackChange change = stack.online(CONFIG);

        assertThat(change.outcome()).isEqualTo(StackOutcome.STARTED);
        assertThat(change.message()).contains("netconsole to 1 peer(s)", "vm-host04", "192.168.3.154",
                "not in the neighbour table");
        assertThat(nudged).containsExactly("192.168.3.152", "192.168.3.154");
        Path dir = configfs.resolve("netconsole/o2pool-vm-host02");
        assertThat(Files.readString(dir.resolve("dev_name"))).isEqualTo("eth1\n");
        assertThat(Files.readString(dir.resolve("local_ip"))).isEqualTo("192.168.3.153\n");
        assertThat(Files.readString(dir.resolve("remote_mac"))).isEqualTo("52:54:00:77:00:02\n");
        assertThat(Files.readString(dir.resolve("enabled"))).isEqualTo("1\n");
        assertThat(Files.readString(printk)).isEqualTo("8");

        assertThat(stack.offline(CONFIG).outcome()).isEqualTo(StackOutcome.STOPPED);
        assertThat(dir).doesNotExist();
        assertThat(Files.readString(printk)).isEqualTo("4");
    }

    @Test
    void aGivenMacIsUsedWhenTheTableHasNone() throws Exception {
        Path arp = Files.writeString(root.resolve("arp"), "IP address HW type Flags HW address Mask Device\n");
        NetconsolePlan.Result r = NetconsolePlan.plan("vm-host03", CONFIG, 6666, new NeighbourTable(arp), ip -> { },
                Map.of("vm-host02", "52:54:00:AA:00:02"));
        assertThat(r.targets()).singleElement().satisfies(t -> {
            assertThat(t.peer()).isEqualTo("vm-host02");
            assertThat(t.remoteMac()).isEqualTo("52:54:00:aa:00:02");
        });
        assertThat(r.findings()).singleElement().asString().contains("vm-host04");
    }

    @Test
    void atMostTwoPeersTheLowestNumberedThatHaveAMac() throws Exception {
        StackConfig five = ConfigSamples.stackConfig(ConfigSamples.clusterConf("ocfs2", List.of(
                new String[] {"node0", "10.77.0.10", "7777"}, new String[] {"node1", "10.77.0.11", "7777"},
                new String[] {"node3", "10.77.0.13", "7777"}, new String[] {"node2", "10.77.0.12", "7777"},
                new String[] {"node4", "10.77.0.14", "7777"})), ConfigSamples.o2cb(7));
        Path arp = Files.writeString(root.resolve("arp"), """
                IP address       HW type     Flags       HW address            Mask     Device
                10.77.0.10       0x1         0x2         52:54:00:77:00:01     *        clu0
                10.77.0.11       0x1         0x0         00:00:00:00:00:00     *        clu0
                10.77.0.13       0x1         0x2         52:54:00:77:00:04     *        clu0
                10.77.0.14       0x1         0x2         52:54:00:77:00:05     *        clu0
                """);
        List<String> nudged = new ArrayList<>();

        NetconsolePlan.Result r = NetconsolePlan.plan("node2", five, 6666, new NeighbourTable(arp), nudged::add,
                Map.of());

        assertThat(r.targets()).extracting(NetconsoleTarget::peer).as("node1 (1) has no MAC: node3 (2) instead")
                .containsExactly("node0", "node3");
        assertThat(r.findings()).singleElement().asString().contains("node1", "10.77.0.11");
        assertThat(nudged).containsExactly("10.77.0.11");
    }

    /** A kernel stack that starts and stops. */
    private static final class Started implements StackDriver {
        public String name() {
            return "kernel";
        }

        public ClusterView view() {
            return null;
        }

        public AutoCloseable subscribe(Consumer<ClusterView> listener) {
            return () -> { };
        }

        public StackChange online(StackConfig config) {
            return new StackChange(StackOutcome.STARTED, "cluster ocfs2 online");
        }

        public StackChange offline(StackConfig config) {
            return new StackChange(StackOutcome.STOPPED, "cluster ocfs2 offline");
        }

        public StackChange apply(StackConfig config) {
            return new StackChange(StackOutcome.UNCHANGED, "");
        }
    }
}
