package io.o2pool.testkit.cluster;

import io.o2pool.cluster.net.Link;
import io.o2pool.cluster.net.LinkHandler;
import io.o2pool.cluster.net.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An in-memory network for {@link LocalPool}: no ports, delivery at the same fake instant, and faults as data:
 * {@link #partition} silently drops traffic between groups (like a DISCARD rule: connections stay open, connects
 * hang), {@link #crash} closes a host's connections as the kernel does when a process dies. Confined to the
 * test thread.
 */
public final class MemoryNetwork {
    private final Map<String, Consumer<Link>> listeners = new HashMap<>();
    private final Set<String> blocked = new HashSet<>();
    private final List<MemoryLink> links = new ArrayList<>();
    private int nextPort = 40000;

    /** The transport of the host with address {@code ip}. */
    public Transport transportFor(String ip) {
        return new HostTransport(ip);
    }

    /** Drops every packet between hosts of different groups. */
    public void partition(List<Set<String>> groups) {
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < groups.size(); j++) {
                if (i != j) {
                    for (String a : groups.get(i)) {
                        for (String b : groups.get(j)) {
                            blocked.add(a + "|" + b);
                        }
                    }
                }
            }
        }
    }

    /** Removes every partition. */
    public void heal() {
        blocked.clear();
    }

    /** The host at {@code ip} died: its listener is gone and its peers see its connections close. */
    public void crash(String ip) {
        listeners.keySet().removeIf(k -> k.startsWith(ip + ":"));
        for (MemoryLink l : new ArrayList<>(links)) {
            if (l.localIp.equals(ip)) {
                l.closeBothEnds("host crashed", true);
            }
        }
    }

    boolean reachable(String from, String to) {
        return !blocked.contains(from + "|" + to);
    }

    private final class HostTransport implements Transport {
        private final String ip;

        HostTransport(String ip) {
            this.ip = ip;
        }

        @Override
        public void listen(InetSocketAddress local, Consumer<Link> accepted) {
            listeners.put(local.getAddress().getHostAddress() + ":" + local.getPort(), accepted);
        }

        @Override
        public Link connect(InetAddress bindAddress, InetSocketAddress remote, LinkHandler handler) {
            String remoteIp = remote.getAddress().getHostAddress();
            String from = bindAddress.getHostAddress();
            MemoryLink client = new MemoryLink(from, remote);
            client.handler = handler;
            links.add(client);
            if (!reachable(from, remoteIp) || !reachable(remoteIp, from)) {
                return client; // the SYN is dropped: the connect hangs
            }
            Consumer<Link> acceptor = listeners.get(remoteIp + ":" + remote.getPort());
            if (acceptor == null) {
                client.closeBothEnds("connection refused", false);
                return client;
            }
            MemoryLink server = new MemoryLink(remoteIp, new InetSocketAddress(bindAddress, nextPort++));
            links.add(server);
            client.other = server;
            server.other = client;
            acceptor.accept(server);
            handler.connected(client);
            return client;
        }

        @Override
        public void close() {
            crash(ip);
        }
    }

    /** One end of an in-memory connection. */
    private final class MemoryLink implements Link {
        final String localIp;
        final InetSocketAddress remote;
        MemoryLink other;
        LinkHandler handler;
        boolean closed;
        final List<byte[]> pending = new ArrayList<>();

        MemoryLink(String localIp, InetSocketAddress remote) {
            this.localIp = localIp;
            this.remote = remote;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public void start(LinkHandler h) {
            handler = h;
            for (byte[] b : pending) {
                h.received(this, b);
            }
            pending.clear();
        }

        @Override
        public void send(byte[] bytes) {
            if (closed || other == null || other.closed) {
                return;
            }
            if (!reachable(localIp, other.localIp)) {
                return; // dropped by the partition
            }
            other.deliver(bytes.clone());
        }

        void deliver(byte[] bytes) {
            if (handler == null) {
                pending.add(bytes);
            } else {
                handler.received(this, bytes);
            }
        }

        @Override
        public void close() {
            closeBothEnds("closed locally", false);
        }

        void closeBothEnds(String reason, boolean crash) {
            if (closed) {
                return;
            }
            closed = true;
            links.remove(this);
            if (!crash && handler != null) {
                handler.closed(this, reason);
            }
            MemoryLink o = other;
            if (o != null && !o.closed && reachable(localIp, o.localIp)) {
                o.closed = true;
                links.remove(o);
                if (o.handler != null) {
                    o.handler.closed(o, "connection reset by peer");
                }
            }
        }
    }
}
