package io.o2pool.cluster.net;

import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.time.ClusterTime;

/**
 * o2net's state for one other node ({@code struct o2net_node}): its current socket, whether the handshake made
 * it valid, the persistent error that stops reconnects, the idle-timeout flag, the time of the last connect
 * attempt, and the delayed works (connect, connect-expired, still-up). Confined to the node's thread.
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

    NetPeer(NodeAddress node) {
        this.node = node;
    }

    ConnectionState state() {
        if (valid) {
            return ConnectionState.CONNECTED;
        }
        return sc != null ? ConnectionState.CONNECTING : ConnectionState.NOT_CONNECTED;
    }

    static void cancel(ClusterTime.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
