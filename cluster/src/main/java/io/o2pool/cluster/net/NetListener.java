package io.o2pool.cluster.net;

import io.o2pool.cluster.NodeAddress;

/** Receives o2net connection changes, on the node's thread. */
public interface NetListener {

    /** The handshake with {@code peer} passed: it counts as connected. */
    void connected(NodeAddress peer);

    /** The connection to {@code peer} is gone ({@code o2net: No longer connected to}). */
    void disconnected(NodeAddress peer, String reason);

    /** A peer's handshake was refused (timeouts or protocol differ); {@code message} is the kernel's text. */
    default void refused(NodeAddress peer, String message) {
    }
}
