package io.o2pool.cluster.net;

/** Receives what happens on a {@link Link}, on any thread (o2net moves it to the node's thread). */
public interface LinkHandler {

    /** An outgoing connection was established ({@code TCP_ESTABLISHED}). */
    void connected(Link link);

    /** Bytes arrived (any chunking). */
    void received(Link link, byte[] data);

    /** The link is closed, failed to connect, or broke; called at most once. */
    void closed(Link link, String reason);
}
