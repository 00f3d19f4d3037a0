package io.o2pool.agent.forensics;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP listener every agent runs for its peers' netconsole ({@code --netconsole-port}, default 6666, the kernel's
 * own default {@code remote_port}). A datagram carries one extended record ({@code 5,432,50919628,-;text}) or one or
 * more plain lines ({@code [   56.260354] text\n}); each line is stored under the node that sent it, found by the
 * sender's address ({@link #knownSender}, then {@link #senderNames}); an unknown sender is stored as {@code ip-<address>}. Started and stopped by
 * the agent; {@link #close} stops the thread.
 */
public final class NetconsoleReceiver implements AutoCloseable {
    /** The documented default port: the kernel's default netconsole {@code remote_port}. */
    public static final int DEFAULT_PORT = 6666;
    private static final Logger LOG = LoggerFactory.getLogger(NetconsoleReceiver.class);

    private final DatagramSocket socket;
    private final KernelLogStore store;
    private final InstantSource clock;
    private final Map<InetAddress, String> senders = new ConcurrentHashMap<>();
    private volatile java.util.function.Function<InetAddress, java.util.Optional<String>> senderNames =
            a -> java.util.Optional.empty();
    private final AtomicLong received = new AtomicLong();
    private final Thread thread;

    /** Binds {@code bind} (port 0: any free port) and starts receiving. */
    public NetconsoleReceiver(InetSocketAddress bind, KernelLogStore store, InstantSource clock) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.store = store;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("netconsole-receiver").start(this::run);
    }

    /** Lines from {@code address} are stored under {@code node}. */
    public void knownSender(InetAddress address, String node) {
        senders.put(address, KernelLogStore.checked(node));
    }

    /** Senders not named by {@link #knownSender} are looked up here (the live cluster config's node addresses). */
    public void senderNames(java.util.function.Function<InetAddress, java.util.Optional<String>> lookup) {
        this.senderNames = lookup;
    }

    /** The port bound. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Datagrams received so far. */
    public long received() {
        return received.get();
    }

    private void run() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("netconsole receiver on port {}: {}", socket.getLocalPort(), e.toString());
                }
                continue;
            }
            received.incrementAndGet();
            String node = senderName(p.getAddress());
            String text = new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8);
            try {
                for (String line : split(text)) {
                    store.append(new ReceivedLine(clock.instant(), node, line));
                }
            } catch (IOException e) {
                LOG.warn("netconsole line from {} not stored: {}", node, e.toString());
            }
        }
    }

    private String senderName(InetAddress address) {
        String known = senders.get(address);
        if (known != null) {
            return known;
        }
        try {
            return senderNames.apply(address).filter(n -> n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"))
                    .orElse("ip-" + address.getHostAddress());
        } catch (RuntimeException e) {
            return "ip-" + address.getHostAddress();
        }
    }

    /** One extended record per datagram (its text may hold escaped newlines); plain datagrams split by line. */
    static java.util.List<String> split(String datagram) {
        if (datagram.matches("(?s)^\\d{1,3},\\d+,\\d+,[^;]*;.*")) {
            int nl = datagram.indexOf('\n');
            return java.util.List.of(nl < 0 ? datagram : datagram.substring(0, nl)); // dictionary lines dropped
        }
        return datagram.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
