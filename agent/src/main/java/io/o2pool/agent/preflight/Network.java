package io.o2pool.agent.preflight;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** The network probes preflight needs — can this address:port be bound, can that one be reached — as a seam for tests. */
public interface Network {
    /** Whether a TCP listener could bind {@code address:port} now (it is released at once). */
    boolean canBind(InetAddress address, int port);

    /**
     * Whether a TCP connection to {@code address:port} succeeds within {@code timeout}, made from {@code source}
     * (bound before connecting, as o2net connects from the node's own cluster address, so a firewall rule on the
     * source address applies too; null: the system picks); null on success, else the message.
     */
    String connect(InetAddress source, InetSocketAddress target, Duration timeout);

    /** The real network. */
    static Network system() {
        return new Network() {
            @Override
            public boolean canBind(InetAddress address, int port) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(address, port));
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String connect(InetAddress source, InetSocketAddress target, Duration timeout) {
                try (Socket socket = new Socket()) {
                    if (source != null) {
                        socket.bind(new InetSocketAddress(source, 0));
                    }
                    socket.connect(target, (int) timeout.toMillis());
                    return null;
                } catch (IOException e) {
                    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
        };
    }
}
