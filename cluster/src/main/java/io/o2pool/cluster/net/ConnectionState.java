package io.o2pool.cluster.net;

/** The o2net state of one peer, as the membership view shows it. */
public enum ConnectionState {
    /** No socket: the peer is not heartbeating, refused us, or we gave up; nothing to do but wait. */
    NOT_CONNECTED,
    /** A socket exists but the handshake has not passed yet: messages cannot flow. */
    CONNECTING,
    /** Handshake passed ({@code nn_sc_valid}): the peer counts as connected for quorum. */
    CONNECTED
}
