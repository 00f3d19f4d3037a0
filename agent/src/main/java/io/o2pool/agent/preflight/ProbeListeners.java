package io.o2pool.agent.preflight;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ProbeListening;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary TCP listeners on this node's cluster address and port, so that reachability FROM a peer can be tested
 * before the cluster stack listens there (the manager asks this node to listen, then the peer's preflight to
 * connect). Each listener accepts and at once closes connections, logging the peer, and closes itself when its time
 * is up (a scheduler, not a sleep); asking again for the same address and port extends it. Thread-safe.
 */
public final class ProbeListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProbeListeners.class);

    private record Open(ServerSocket socket, Instant until, ScheduledFuture<?> closing) {
    }

    private final Clock clock;
    private final Map<InetSocketAddress, Open> open = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "probe-listeners");
        t.setDaemon(true);
        return t;
    });

    public ProbeListeners(Clock clock) {
        this.clock = clock;
    }

    /**
     * Listens on {@code address:port} for {@code duration}; refused ({@link ConflictException}) when another program
     * holds the port.
     */
    public synchronized ProbeListening listen(InetAddress address, int port, Duration duration) {
        InetSocketAddress endpoint = new InetSocketAddress(address, port);
        Instant until = clock.instant().plus(duration);
        Open existing = open.remove(endpoint);
        ServerSocket socket;
        if (existing != null) {
            existing.closing().cancel(false);
            socket = existing.socket();
        } else {
            socket = bind(endpoint);
            Thread.ofVirtual().name("probe-" + address.getHostAddress() + ":" + port).start(() -> accept(socket));
        }
        ScheduledFuture<?> closing = scheduler.schedule(() -> expire(endpoint, socket), duration.toMillis(),
                TimeUnit.MILLISECONDS);
        open.put(endpoint, new Open(socket, until, closing));
        log.info("probe: listening on {}:{} until {} for peers' reachability checks", address.getHostAddress(), port,
                until);
        return new ProbeListening(address.getHostAddress(), port, true, until,
                "TCP " + address.getHostAddress() + ":" + port + " accepts connections until " + until);
    }

    /** Whether a probe listener holds {@code address:port} now. */
    public synchronized boolean holds(InetAddress address, int port) {
        return open.containsKey(new InetSocketAddress(address, port));
    }

    /**
     * Closes the probe listener on {@code address:port}, if any, so the cluster stack can bind it; returns whether
     * one was open.
     */
    public synchronized boolean release(InetAddress address, int port) {
        InetSocketAddress endpoint = new InetSocketAddress(address, port);
        Open current = open.remove(endpoint);
        if (current == null) {
            return false;
        }
        current.closing().cancel(false);
        closeQuietly(current.socket());
        log.info("probe: stopped listening on {} for the cluster stack", endpoint);
        return true;
    }

    private static ServerSocket bind(InetSocketAddress endpoint) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(endpoint);
            } catch (IOException e) {
                socket.close();
                throw new ConflictException("TCP " + endpoint.getAddress().getHostAddress() + ":" + endpoint.getPort()
                        + " cannot be opened: " + e.getMessage() + "; find the program holding it with "
                        + "`ss -ltnp 'sport = :" + endpoint.getPort() + "'`");
            }
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a probe listener on " + endpoint, e);
        }
    }

    private static void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket peer = socket.accept()) {
                log.info("probe: connection from {} to {}", peer.getRemoteSocketAddress(), socket.getLocalSocketAddress());
            } catch (IOException closed) {
                return; // the listener expired or the agent stops
            }
        }
    }

    private synchronized void expire(InetSocketAddress endpoint, ServerSocket socket) {
        Open current = open.get(endpoint);
        if (current != null && current.socket() == socket) {
            open.remove(endpoint);
            closeQuietly(socket);
            log.info("probe: stopped listening on {}", endpoint);
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(o -> closeQuietly(o.socket()));
        open.clear();
        scheduler.shutdownNow();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
