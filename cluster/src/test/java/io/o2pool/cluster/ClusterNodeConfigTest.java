package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.cluster.fence.FenceMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration validation names the value and the fix. */
class ClusterNodeConfigTest {
    private static final List<NodeAddress> NODES = List.of(new NodeAddress("vm-host03", 0, "192.168.3.153", 7777),
            new NodeAddress("vm-host02", 1, "192.168.3.152", 7777));

    @Test
    void defaultsAreTheO2cbDefaults() {
        ClusterNodeConfig c = ClusterNodeConfig.defaults("vm-host02", NODES);
        assertThat(c.deadThreshold()).isEqualTo(31);
        assertThat(c.idleTimeoutMs()).isEqualTo(30000);
        assertThat(c.keepaliveDelayMs()).isEqualTo(2000);
        assertThat(c.reconnectDelayMs()).isEqualTo(2000);
        assertThat(c.fenceMethod()).isEqualTo(FenceMethod.STOP);
        assertThat(c.writeTimeoutMs()).isEqualTo(60000);
        assertThat(c.localNode().number()).isEqualTo(1);
    }

    @Test
    void refusesValuesWithAMessageThatSaysWhatToChange() {
        ClusterNodeConfig c = ClusterNodeConfig.defaults("vm-host02", NODES);
        assertThatThrownBy(() -> c.withDeadThreshold(5)).hasMessage(
                "heartbeat dead threshold 5 is below the minimum 7; set O2CB_HEARTBEAT_THRESHOLD=7 or more (default 31)");
        assertThatThrownBy(() -> c.withNetTimeouts(4000, 2000, 2000)).hasMessageContaining("set O2CB_IDLE_TIMEOUT_MS=5000");
        assertThatThrownBy(() -> c.withNetTimeouts(30000, 30000, 2000)).hasMessage("keepalive delay 30000 ms is not "
                + "below the idle timeout 30000 ms; set O2CB_KEEPALIVE_DELAY_MS below O2CB_IDLE_TIMEOUT_MS");
        assertThatThrownBy(() -> c.withNetTimeouts(30000, 2000, 1000)).hasMessageContaining("O2CB_RECONNECT_DELAY_MS=2000");
        assertThatThrownBy(() -> c.forNode("vm-host09")).hasMessageContaining("local node 'vm-host09' is not among");
        assertThatThrownBy(() -> c.withFence(FenceMethod.COMMAND, List.of())).hasMessageContaining("needs a command");
    }

    @Test
    void refusesDuplicateNumbersNamesAndAddresses() {
        assertThatThrownBy(() -> ClusterNodeConfig.defaults("a", List.of(new NodeAddress("a", 0, "10.0.0.1", 7777),
                new NodeAddress("b", 0, "10.0.0.2", 7777)))).hasMessage("node b: Choose another node number as '0' is in use");
        assertThatThrownBy(() -> ClusterNodeConfig.defaults("a", List.of(new NodeAddress("a", 0, "10.0.0.1", 7777),
                new NodeAddress("A", 1, "10.0.0.2", 7777)))).hasMessageContaining("Node 'A' already exists");
        assertThatThrownBy(() -> new NodeAddress("x", 255, "10.0.0.1", 7777))
                .hasMessage("node x: Nodenum should be >=0 and < 255 but is 255");
        assertThatThrownBy(() -> new NodeAddress("x", 1, "10.0.0.256", 7777)).hasMessageContaining("Bad IP Address");
    }
}
