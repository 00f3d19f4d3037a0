package io.o2pool.cluster.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * o2net over real TCP: a listening socket on the node's {@code ip_address:ip_port} (SO_REUSEADDR, backlog 64
 * as {@code o2net_open_listening_sock}), outgoing sockets bound to the node's own address so the acceptor can
 * identify the connector by source address, TCP_NODELAY on both ends. One virtual thread accepts, one reads
 * each link, one connects each outgoing link. Thread-safe.
 */
public final class TcpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Set<TcpLink> links = ConcurrentHashMap.newKeySet();
    private final Set<ServerSocket> listeners = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public void listen(InetSocketAddress local, Consumer<Link> accepted) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(local, 64);
        } catch (IOException e) {
            server.close();
            throw new IOException("o2net: Error while binding socket at " + local.getAddress().getHostAddress() + ":"
                    + local.getPort() + ": " + e.getMessage()
                    + "; check that the address is this host's and no other o2net listens there", e);
        }
        listeners.add(server);
        Thread.ofVirtual().name("o2net-accept-" + local).start(() -> acceptLoop(server, accepted));
    }

    @Override
    public Link connect(InetAddress bindAddress, InetSocketAddress remote, LinkHandler handler) {
        TcpLink link = new TcpLink(remote);
        links.add(link);
        link.handler = handler;
        Thread.ofVirtual().name("o2net-connect-" + remote).start(() -> {
            Socket s = new Socket();
            try {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(bindAddress, 0));
                s.setTcpNoDelay(true);
                s.connect(remote, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(s);
                link.fail("connect to " + remote + " failed: " + e.getMessage());
                return;
            }
            if (!link.attach(s)) {
                return;
            }
            handler.connected(link);
            link.readLoop();
        });
        return link;
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : listeners) {
            closeQuietly(s);
        }
        for (TcpLink l : links) {
            l.close();
        }
    }

    private void acceptLoop(ServerSocket server, Consumer<Link> accepted) {
        while (!closed && !server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                TcpLink link = new TcpLink((InetSocketAddress) s.getRemoteSocketAddress());
                links.add(link);
                link.attach(s);
                accepted.accept(link);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                log.warn("o2net: accept on {} failed: {}", server.getLocalSocketAddress(), e.getMessage());
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A TCP connection; bytes are read by a virtual thread once the link has a handler. */
    private final class TcpLink implements Link {
        private final InetSocketAddress remote;
        private final AtomicBoolean closedOnce = new AtomicBoolean();
        private volatile Socket socket;
        private volatile LinkHandler handler;
        private OutputStream out;

        TcpLink(InetSocketAddress remote) {
            this.remote = remote;
        }

        synchronized boolean attach(Socket s) {
            if (closedOnce.get()) {
                closeQuietly(s);
                return false;
            }
            socket = s;
            try {
                out = s.getOutputStream();
            } catch (IOException e) {
                fail("socket broken: " + e.getMessage());
                return false;
            }
            return true;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public void start(LinkHandler h) {
            handler = h;
            Thread.ofVirtual().name("o2net-rx-" + remote).start(this::readLoop);
        }

        void readLoop() {
            byte[] buf = new byte[4096];
            try {
                InputStream in = socket.getInputStream();
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        fail("connection closed by peer");
                        return;
                    }
                    handler.received(this, Arrays.copyOf(buf, n));
                }
            } catch (IOException e) {
                fail("connection broken: " + e.getMessage());
            }
        }

        @Override
        public void send(byte[] bytes) {
            try {
                synchronized (this) {
                    if (out == null) {
                        throw new IOException("not connected");
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                fail("send failed: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            fail("closed locally");
        }

        void fail(String reason) {
            if (!closedOnce.compareAndSet(false, true)) {
                return;
            }
            links.remove(this);
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
            LinkHandler h = handler;
            if (h != null) {
                h.closed(this, reason);
            }
        }
    }
}
