package io.o2pool.cluster.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * How o2net reaches other nodes: real TCP ({@link TcpTransport}) or an in-memory network in tests. Callbacks
 * may come from any thread.
 */
public interface Transport extends Closeable {

    /** Listens on {@code local}; every accepted connection goes to {@code accepted} (not yet started). */
    void listen(InetSocketAddress local, Consumer<Link> accepted) throws IOException;

    /**
     * Connects from {@code bindAddress} (the node's own address, any port) to {@code remote}, asynchronously:
     * the handler hears {@link LinkHandler#connected} or {@link LinkHandler#closed}.
     */
    Link connect(InetAddress bindAddress, InetSocketAddress remote, LinkHandler handler);

    /** Stops listening and closes every link. */
    @Override
    void close();
}
