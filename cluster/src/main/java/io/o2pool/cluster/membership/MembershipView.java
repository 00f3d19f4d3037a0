package io.o2pool.cluster.membership;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.health.PeerHealth;
import io.o2pool.cluster.health.WriteWindow;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.cluster.heartbeat.SlotCheck;
import io.o2pool.cluster.membership.PeerView.HeartbeatState;
import io.o2pool.cluster.net.ConnectionState;
import io.o2pool.cluster.time.ClusterTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * What one node knows of the cluster: per node its heartbeat state, connection state, last sequence and
 * missed samples; the events (node-up, node-down, connected, disconnected, fenced) delivered to listeners;
 * counters; and the latency of our own heartbeat writes, with a warning when a write takes more than half the
 * write timeout. Updated on the node's thread, read from any thread (snapshots). Thread-safe.
 */
public final class MembershipView {
    private static final int KEPT_EVENTS = 1024;

    private final ClusterTime time;
    private final ClusterLog log;
    private volatile ClusterNodeConfig config;
    private final IntFunction<ConnectionState> connections;
    private final Map<Integer, Slot> slots = new TreeMap<>();
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final List<MembershipEvent> recent = new ArrayList<>();
    private final MembershipCounters counters = new MembershipCounters();
    private final WriteLatencyHistogram writeLatency = new WriteLatencyHistogram();
    private final long slowWriteMs;

    private final WriteWindow writeWindow;

    private static final class Slot {
        boolean live;
        long lastSequence;
        long generation;
        int missed;
        /** Monotonic ms of the last sample in which the slot changed; -1 before any. */
        long lastChangeMs = -1;
    }

    /** A view of {@code config}'s nodes; {@code connections} reports o2net's state of a node number. */
    public MembershipView(ClusterTime time, ClusterLog log, ClusterNodeConfig config,
            IntFunction<ConnectionState> connections) {
        this.time = time;
        this.log = log.forComponent(MembershipView.class);
        this.config = config;
        this.connections = connections;
        this.slowWriteMs = config.writeTimeoutMs() / 2;
        this.writeWindow = new WriteWindow(config.writeTimeoutMs());
        for (NodeAddress n : config.nodes()) {
            slots.put(n.number(), new Slot());
        }
    }

    /** A node was added to the running cluster: it appears in snapshots, dead and not connected until it joins. */
    public synchronized void addNode(NodeAddress node) {
        config = config.withNode(node);
        slots.putIfAbsent(node.number(), new Slot());
    }

    /** Adds a listener for every later event. */
    public void addListener(MembershipListener listener) {
        listeners.add(listener);
    }

    /** A snapshot of every configured node, by number. */
    public synchronized List<PeerView> snapshot() {
        List<PeerView> out = new ArrayList<>();
        for (NodeAddress n : config.nodes().stream().sorted((a, b) -> Integer.compare(a.number(), b.number())).toList()) {
            Slot s = slots.get(n.number());
            ConnectionState c = n.number() == config.localNode().number() ? ConnectionState.NOT_CONNECTED
                    : connections.apply(n.number());
            out.add(new PeerView(n.name(), n.number(), s.live ? HeartbeatState.LIVE : HeartbeatState.DEAD, c,
                    s.lastSequence, s.generation, s.missed));
        }
        return out;
    }

    /** The snapshot of the node named {@code name}. */
    public PeerView peer(String name) {
        return snapshot().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named " + name + " in the cluster"));
    }

    /** Names of the nodes live on the disk heartbeat (the local node included once it is live). */
    public List<String> liveNodes() {
        return snapshot().stream().filter(p -> p.heartbeat() == HeartbeatState.LIVE).map(PeerView::name).toList();
    }

    /** Names of the peers whose o2net connection is up. */
    public List<String> connectedPeers() {
        return snapshot().stream().filter(p -> p.connection() == ConnectionState.CONNECTED).map(PeerView::name).toList();
    }

    /** The last events, oldest first. */
    public synchronized List<MembershipEvent> events() {
        return List.copyOf(recent);
    }

    public MembershipCounters counters() {
        return counters;
    }

    public WriteLatencyHistogram writeLatency() {
        return writeLatency;
    }

    /** This node's write latencies over the last {@link WriteWindow#WINDOW_MS}, with its near misses. */
    public WriteWindow writeWindow() {
        return writeWindow;
    }

    /**
     * Each other configured node's heartbeat as sampled here, by number: live or not, the age of its last changed
     * sample at {@code nowMs} (null before any), its missed samples and dead bound; o2net facts come from
     * {@code connection} and {@code lastReceivedMs} (-1: not connected).
     */
    public synchronized List<PeerHealth> peerHealth(long nowMs, IntFunction<Long> lastReceivedMs) {
        List<PeerHealth> out = new ArrayList<>();
        int self = config.localNode().number();
        for (NodeAddress n : config.nodes().stream().sorted((a, b) -> Integer.compare(a.number(), b.number())).toList()) {
            if (n.number() == self) {
                continue;
            }
            Slot s = slots.get(n.number());
            long received = lastReceivedMs.apply(n.number());
            out.add(new PeerHealth(n.name(), n.number(), s.live, s.lastChangeMs < 0 ? null : nowMs - s.lastChangeMs,
                    s.missed, config.deadThreshold(), (long) config.deadThreshold() * HeartbeatTiming.REGION_TIMEOUT_MS,
                    connections.apply(n.number()).name(), received < 0 ? null : nowMs - received));
        }
        return out;
    }

    // ---- updates, on the node's thread ----

    /** Records one slot sample (sequence, generation, missed count, bad checksum). */
    public synchronized void sampled(SlotCheck check) {
        Slot s = slots.get(check.node());
        if (s == null) {
            return;
        }
        if (!check.badCrc() && check.equalSamples() == 0 && check.block().seq() != 0) {
            s.lastChangeMs = time.nowMs(); // o2hb_check_slot resets ds_equal_samples on every change
        }
        s.lastSequence = check.block().seq();
        s.generation = check.block().generation();
        s.missed = check.equalSamples();
        if (check.badCrc() && s.live) {
            counters.badChecksum();
        }
    }

    /** Our own write completed after {@code latencyMs}; warns when it took more than half the write timeout. */
    public void writeCompleted(long latencyMs, boolean failed) {
        writeLatency.record(latencyMs);
        if (!failed) {
            writeWindow.record(time.nowMs(), latencyMs);
        }
        counters.iteration();
        if (latencyMs > slowWriteMs) {
            counters.slowWrite();
            log.notice("o2hb: heartbeat write took %d ms, more than half the write timeout of %d ms; check the "
                    + "shared repository's storage", latencyMs, config.writeTimeoutMs());
        }
    }

    /** A node became live. */
    public void nodeUp(int node, String reason) {
        synchronized (this) {
            Slot s = slots.get(node);
            if (s != null) {
                s.live = true;
                s.missed = 0;
            }
        }
        emit(node, EventType.NODE_UP, reason);
    }

    /** A node went down. */
    public void nodeDown(int node, String reason) {
        synchronized (this) {
            Slot s = slots.get(node);
            if (s != null) {
                s.live = false;
            }
        }
        emit(node, EventType.NODE_DOWN, reason);
    }

    /** The handshake with a peer passed. */
    public void connected(int node) {
        emit(node, EventType.CONNECTED, "o2net handshake passed");
    }

    /** The connection to a peer is gone. */
    public void disconnected(int node, String reason) {
        emit(node, EventType.DISCONNECTED, reason);
    }

    /** A peer's handshake was refused. */
    public void refused() {
        counters.refused();
    }

    /** This node fenced itself. */
    public void fenced(String reason) {
        emit(config.localNode().number(), EventType.FENCED, reason);
    }

    private void emit(int node, EventType type, String reason) {
        NodeAddress peer = config.nodeByNumber(node);
        MembershipEvent e = new MembershipEvent(time.wallClock(), config.localNode().name(),
                peer == null ? "node" + node : peer.name(), type, reason);
        counters.count(type);
        synchronized (this) {
            recent.add(e);
            if (recent.size() > KEPT_EVENTS) {
                recent.remove(0);
            }
        }
        for (MembershipListener l : listeners) {
            l.onEvent(e);
        }
    }
}
