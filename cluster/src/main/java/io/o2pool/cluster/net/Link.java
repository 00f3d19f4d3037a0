package io.o2pool.cluster.net;

import java.net.InetSocketAddress;

/**
 * One stream connection between two nodes (a TCP socket, or an in-memory pipe in tests). Bytes arrive at the
 * {@link LinkHandler} given to {@link #start} (accepted links) or to {@link Transport#connect} (outgoing
 * links), in order, from any thread. Thread-safe.
 */
public interface Link {

    /** The remote end's address (for an accepted link, the peer's source address that identifies it). */
    InetSocketAddress remote();

    /** Begins delivering an accepted link's bytes and closure to {@code handler}. */
    void start(LinkHandler handler);

    /** Sends bytes; a failure closes the link and is reported through the handler. */
    void send(byte[] bytes);

    /** Closes the link; the handler hears {@link LinkHandler#closed} at most once. */
    void close();
}
