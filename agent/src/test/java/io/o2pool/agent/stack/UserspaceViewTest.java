package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.membership.PeerView;
import io.o2pool.cluster.net.ConnectionState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The userspace driver's pure translations: node config from the committed files, states, members, node changes. */
class UserspaceViewTest {
    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    static StackConfig config(int nodes, int threshold) {
        return ConfigSamples.stackConfig(ConfigSamples.clusterConf(nodes), ConfigSamples.o2cb(threshold));
    }

    @Test
    void theNodeConfigComesFromTheCommittedFilesAndNamesThisServer() {
        ClusterNodeConfig node = UserspaceView.nodeConfig(config(3, 31), "VM-HOST02.example.com");
        assertThat(node.localNode().name()).isEqualTo("vm-host02");
        assertThat(node.nodes()).hasSize(3);
        assertThat(node.deadThreshold()).isEqualTo(31);
        assertThat(node.idleTimeoutMs()).isEqualTo(30000);
        assertThatThrownBy(() -> UserspaceView.nodeConfig(config(1, 31), "vm-host09"))
                .hasMessageContaining("has no node named vm-host09");
    }

    @Test
    void theStateFollowsTheNodesLifecycle() {
        assertThat(UserspaceView.state(false, ClusterNode.State.RUNNING)).isEqualTo(StackState.OFFLINE);
        assertThat(UserspaceView.state(true, null)).isEqualTo(StackState.ONLINE);
        assertThat(UserspaceView.state(true, ClusterNode.State.STARTING)).isEqualTo(StackState.HEARTBEATING);
        assertThat(UserspaceView.state(true, ClusterNode.State.RUNNING)).isEqualTo(StackState.HEARTBEATING);
        assertThat(UserspaceView.state(true, ClusterNode.State.FENCED)).isEqualTo(StackState.FENCED);
        assertThat(UserspaceView.state(true, ClusterNode.State.FAILED)).isEqualTo(StackState.ONLINE);
        assertThat(UserspaceView.state(true, ClusterNode.State.STOPPED)).isEqualTo(StackState.ONLINE);
    }

    @Test
    void membersAreAliveWhenHeartbeatingAndConnectedWhenTheHandshakePassed() {
        List<PeerView> peers = List.of(
                new PeerView("vm-host03", 0, PeerView.HeartbeatState.LIVE, ConnectionState.NOT_CONNECTED, 5, 7, 0),
                new PeerView("vm-host02", 1, PeerView.HeartbeatState.LIVE, ConnectionState.CONNECTED, 9, 3, 0),
                new PeerView("vm-host04", 2, PeerView.HeartbeatState.DEAD, ConnectionState.CONNECTING, 0, 0, 4));
        ClusterView view = UserspaceView.view(config(3, 31), "vm-host03", StackState.HEARTBEATING, peers, AT);
        assertThat(view.members()).extracting(Member::name, Member::local, Member::alive, Member::connected)
                .containsExactly(tuple("vm-host03", true, true, false), tuple("vm-host02", false, true, true),
                        tuple("vm-host04", false, false, false));
        assertThat(UserspaceView.view(config(3, 31), "vm-host03", StackState.OFFLINE, peers, AT).members()).isEmpty();
    }

    @Test
    void onlyAddedNodesCanBeTakenByARunningNode() {
        ClusterNodeConfig two = UserspaceView.nodeConfig(config(2, 31), "vm-host03");
        ClusterNodeConfig three = UserspaceView.nodeConfig(config(3, 31), "vm-host03");
        NodeChange added = NodeChange.between(two, three);
        assertThat(added.removed()).isEmpty();
        assertThat(added.timeoutsKept()).isTrue();
        assertThat(added.describeAdded()).isEqualTo("node vm-host04 (num 2) at 192.168.3.154:7777");
        assertThat(NodeChange.between(three, two).removed()).hasSize(1);
        assertThat(NodeChange.between(two, UserspaceView.nodeConfig(config(2, 61), "vm-host03")).timeoutsKept()).isFalse();
        assertThat(NodeChange.between(two, two).none()).isTrue();
    }
}
