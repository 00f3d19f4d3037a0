package io.o2pool.cluster.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.quorum.Quorum;
import io.o2pool.testkit.FakeScheduler;
import io.o2pool.testkit.cluster.FakeTime;
import io.o2pool.testkit.cluster.MemoryNetwork;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests between two o2nets on the in-memory network and fake time: dispatch by type and key with the
 * handler's {@code max_len} ({@code o2net_process_message}), the reply's system status as the sender's errno
 * ({@code o2net_sys_err_to_errno}), status-wait numbering and the connection dying first
 * ({@code o2net_complete_nodes_nsw}).
 */
class O2NetMessagesTest {
    private static final int TYPE = 7;
    private static final int KEY = 0x1234abcd;
    private final FakeScheduler scheduler = FakeScheduler.create();
    private final FakeTime time = new FakeTime(scheduler);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<NodeAddress> nodes = List.of(new NodeAddress("node0", 0, "127.0.1.1", 7777),
            new NodeAddress("node1", 1, "127.0.1.2", 7777));
    private final List<SendResult> results = new ArrayList<>();
    private final List<Integer> seenMsgNums = new ArrayList<>();
    private O2Net net0;
    private O2Net net1;

    @BeforeEach
    void twoNodesNotYetHeartbeating() throws IOException {
        net0 = o2net(0);
        net1 = o2net(1);
        net0.registerHandler(TYPE, KEY, 1, (from, header, payload) -> {
            seenMsgNums.add(header.msgNum());
            return from * 100 + payload[0];
        });
    }

    @Test
    void aPeerThatIsNotHeartbeatingAndThisNodeItselfAreRefusedAtOnce() {
        net1.sendMessage(TYPE, KEY, new byte[] {1}, 0, results::add);
        net1.sendMessage(TYPE, KEY, new byte[] {1}, 1, results::add);
        assertThat(results).containsExactly(new SendResult(-107, 0), new SendResult(-40, 0));
    }

    @Test
    void theHandlersReturnValueComesBackAsTheStatusAndRequestsInFlightGetTheLowestFreeIds() {
        connect();
        net1.sendMessage(TYPE, KEY, new byte[] {3}, 0, results::add);
        net1.sendMessage(TYPE, KEY, new byte[] {4}, 0, results::add); // the first reply is not processed yet
        scheduler.runDue();
        assertThat(results).containsExactly(new SendResult(0, 103), new SendResult(0, 104));
        assertThat(seenMsgNums).containsExactly(0, 1);
        net1.sendMessage(TYPE, KEY, new byte[] {5}, 0, results::add);
        scheduler.runDue();
        assertThat(seenMsgNums).containsExactly(0, 1, 0);
    }

    @Test
    void anUnknownTypeOrKeyIsNoHandlerAndALongerPayloadIsOverflow() {
        connect();
        net1.sendMessage(TYPE, KEY + 1, new byte[] {1}, 0, results::add);
        net1.sendMessage(TYPE + 1, KEY, new byte[] {1}, 0, results::add);
        net1.sendMessage(TYPE, KEY, new byte[] {1, 2}, 0, results::add);
        scheduler.runDue();
        assertThat(results).containsExactly(new SendResult(-92, 0), new SendResult(-92, 0), new SendResult(-75, 0));
        assertThat(seenMsgNums).isEmpty();
        net0.unregisterHandler(TYPE, KEY);
        net1.sendMessage(TYPE, KEY, new byte[] {1}, 0, results::add);
        scheduler.runDue();
        assertThat(results).last().isEqualTo(new SendResult(-92, 0));
    }

    @Test
    void aSendWhileConnectingWaitsForTheConnectionAndOneInFlightDiesWithIt() {
        net0.hbUp(1);
        net1.hbUp(0); // node1 connects at once, but the connection is valid only after the handshakes
        net1.sendMessage(TYPE, KEY, new byte[] {6}, 0, results::add);
        assertThat(results).isEmpty();
        scheduler.runDue();
        assertThat(results).containsExactly(new SendResult(0, 106));

        net1.sendMessage(TYPE, KEY, new byte[] {7}, 0, results::add);
        net1.hbDown(0); // node0 stopped heartbeating before its reply was read: o2net_complete_nodes_nsw
        assertThat(results).last().isEqualTo(new SendResult(-112, 0));
        scheduler.runDue();
        assertThat(results).hasSize(2);
    }

    private void connect() {
        net0.hbUp(1);
        net1.hbUp(0);
        scheduler.runDue();
        assertThat(net1.connectionState(0)).isEqualTo(ConnectionState.CONNECTED);
        assertThat(net0.connectionState(1)).isEqualTo(ConnectionState.CONNECTED);
    }

    private O2Net o2net(int i) throws IOException {
        ClusterNodeConfig config = ClusterNodeConfig.defaults("node" + i, nodes);
        ClusterLog log = new ClusterLog("node" + i, O2Net.class);
        Quorum quorum = new Quorum(time, log, i, verdict -> { });
        O2Net net = new O2Net(time, log, config, network.transportFor(nodes.get(i).ip()), quorum, new NetListener() {
            @Override
            public void connected(NodeAddress peer) {
            }

            @Override
            public void disconnected(NodeAddress peer, String reason) {
            }
        });
        net.start();
        return net;
    }
}
