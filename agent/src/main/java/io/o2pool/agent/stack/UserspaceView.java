package io.o2pool.agent.stack;

import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackState;
import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.fence.FenceMethod;
import io.o2pool.cluster.membership.PeerView;
import io.o2pool.cluster.net.ConnectionState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure translations between the agent's view of the userspace stack and the {@code cluster} module's node: the
 * node's configuration from the committed files, the agent's {@link StackState} from the node's lifecycle state, and
 * the membership view from the node's peer snapshots. Stateless.
 */
final class UserspaceView {
    static final String DRIVER = "userspace";

    private UserspaceView() {
    }

    /**
     * The node configuration for this server ({@code nodeName}, matched as o2cb matches host names) from the
     * committed configuration; fencing stops the cluster services (the host keeps running).
     *
     * @throws IllegalArgumentException when cluster.conf does not list this server or the values are refused
     */
    static ClusterNodeConfig nodeConfig(StackConfig config, String nodeName) {
        StackConfig.Node local = config.node(nodeName).orElseThrow(() -> new IllegalArgumentException("cluster "
                + config.clusterName() + " has no node named " + nodeName + " in cluster.conf; commit a "
                + "configuration that lists this server"));
        List<NodeAddress> nodes = config.nodes().stream()
                .map(n -> new NodeAddress(n.name(), n.number(), n.ipAddress(), n.ipPort())).toList();
        return new ClusterNodeConfig(config.clusterName(), local.name(), nodes, config.deadThreshold(),
                config.idleTimeoutMs(), config.keepaliveDelayMs(), config.reconnectDelayMs(), FenceMethod.STOP,
                List.of());
    }

    /** The agent's state for a stack that is {@code online} and runs a node in {@code node} state (null: none). */
    static StackState state(boolean online, ClusterNode.State node) {
        if (!online) {
            return StackState.OFFLINE;
        }
        if (node == null) {
            return StackState.ONLINE;
        }
        return switch (node) {
            case CREATED, STOPPING, STOPPED, FAILED -> StackState.ONLINE;
            case STARTING, RUNNING -> StackState.HEARTBEATING;
            case FENCED -> StackState.FENCED;
        };
    }

    /**
     * The membership view: every node of {@code config} (none when offline), alive when the node's heartbeat sees
     * it live, connected when o2net's handshake with it passed.
     */
    static ClusterView view(StackConfig config, String nodeName, StackState state, List<PeerView> peers, Instant at) {
        if (config == null || state == StackState.OFFLINE) {
            return new ClusterView(DRIVER, state, config == null ? null : config.clusterName(), List.of(), at);
        }
        Map<Integer, PeerView> byNumber = peers.stream().collect(Collectors.toMap(PeerView::number, Function.identity()));
        String local = StackConfig.shortName(nodeName);
        List<Member> members = config.nodes().stream().map(n -> {
            PeerView p = byNumber.get(n.number());
            boolean sameName = p != null && p.name().equals(n.name());
            return new Member(n.number(), n.name(), n.ipAddress(), n.ipPort(),
                    StackConfig.shortName(n.name()).equals(local),
                    sameName && p.heartbeat() == PeerView.HeartbeatState.LIVE,
                    sameName && p.connection() == ConnectionState.CONNECTED);
        }).toList();
        return new ClusterView(DRIVER, state, config.clusterName(), members, at);
    }
}
