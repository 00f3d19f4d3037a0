package io.o2pool.cluster.net;

import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.time.ClusterTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * o2net's state for one other node ({@code struct o2net_node}): its current socket, whether the handshake made
 * it valid, the persistent error that stops reconnects, the idle-timeout flag, the time of the last connect
 * attempt, the delayed works (connect, connect-expired, still-up), the requests waiting for a connection and those
 * waiting for their reply ({@code nn_status_idr}). Confined to the node's thread.
 */
final class NetPeer {
    /** {@code -ENOTCONN}: not connected; no reconnect until the peer heartbeats again. */
    static final int ENOTCONN = -107;

    final NodeAddress node;
    // written on the node's thread; volatile so the membership view may read the state from any thread
    volatile NetConnection sc;
    volatile boolean valid;
    int persistentError = ENOTCONN; // until we see heartbeat from a node (o2net_init)
    boolean timedOut;
    long lastConnectAttemptMs = Long.MIN_VALUE / 2;
    ClusterTime.Timer connectWork;
    ClusterTime.Timer connectExpired;
    ClusterTime.Timer stillUp;
    /** Requests waiting for the connection to be valid or to fail ({@code nn_sc_wq}). */
    final List<Outgoing> txWaiting = new ArrayList<>();
    /** Requests sent and waiting for their status reply, by {@code msg_num} ({@code nn_status_idr}). */
    final Map<Integer, Consumer<SendResult>> statusWaits = new TreeMap<>();

    NetPeer(NodeAddress node) {
        this.node = node;
    }

    ConnectionState state() {
        if (valid) {
            return ConnectionState.CONNECTED;
        }
        return sc != null ? ConnectionState.CONNECTING : ConnectionState.NOT_CONNECTED;
    }

    /** A request to send once the connection allows it. */
    record Outgoing(int msgType, int key, byte[] payload, Consumer<SendResult> done) {
    }

    static void cancel(ClusterTime.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
