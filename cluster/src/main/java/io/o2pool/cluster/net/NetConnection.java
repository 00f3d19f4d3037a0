package io.o2pool.cluster.net;

import io.o2pool.cluster.time.ClusterTime;
import java.util.Arrays;

/**
 * One socket to a peer and its per-socket state ({@code struct o2net_sock_container}): the link, whether the
 * handshake passed, the bytes received but not yet framed, and the idle and keepalive timers. Confined to
 * the node's thread.
 */
final class NetConnection {
    final NetPeer peer;
    Link link;
    boolean handshakeOk;
    ClusterTime.Timer idleTimer;
    ClusterTime.Timer keepaliveTimer;
    /** When the idle timer was last reset ({@code sc_tv_timer}). */
    long timerStartMs;
    /** When the last message arrived (monotonic ms), for heartbeat health. */
    long lastReceivedMs;
    private byte[] rx = new byte[0];

    NetConnection(NetPeer peer) {
        this.peer = peer;
    }

    /** Appends received bytes to the framing buffer. */
    void append(byte[] data) {
        byte[] grown = Arrays.copyOf(rx, rx.length + data.length);
        System.arraycopy(data, 0, grown, rx.length, data.length);
        rx = grown;
    }

    /** Bytes buffered. */
    int buffered() {
        return rx.length;
    }

    /** Byte {@code i} of the buffer. */
    byte[] buffer() {
        return rx;
    }

    /** Drops the first {@code n} buffered bytes. */
    void consume(int n) {
        rx = Arrays.copyOfRange(rx, n, rx.length);
    }

    /** Stops the socket's timers. */
    void cancelTimers() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
    }

    void send(byte[] bytes) {
        if (link != null) {
            link.send(bytes);
        }
    }
}
