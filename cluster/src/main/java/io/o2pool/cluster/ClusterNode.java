package io.o2pool.cluster;

import io.o2pool.cluster.fence.CommandFenceAction;
import io.o2pool.cluster.fence.CommandRunner;
import io.o2pool.cluster.fence.FenceAction;
import io.o2pool.cluster.fence.FenceRecordStore;
import io.o2pool.cluster.fence.Fencer;
import io.o2pool.cluster.fence.RebootFenceAction;
import io.o2pool.cluster.fence.StopFenceAction;
import io.o2pool.cluster.health.HeartbeatHealth;
import io.o2pool.cluster.heartbeat.DiskHeartbeat;
import io.o2pool.cluster.heartbeat.HeartbeatListener;
import io.o2pool.cluster.heartbeat.NegoChannel;
import io.o2pool.cluster.heartbeat.NegoMessage;
import io.o2pool.cluster.heartbeat.RegionIo;
import io.o2pool.cluster.heartbeat.SlotCheck;
import io.o2pool.cluster.membership.MembershipListener;
import io.o2pool.cluster.membership.MembershipView;
import io.o2pool.cluster.net.NetListener;
import io.o2pool.cluster.net.O2Net;
import io.o2pool.cluster.net.Transport;
import io.o2pool.cluster.quorum.Quorum;
import io.o2pool.cluster.time.ClusterTime;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * One node of the O2CB-compatible cluster stack: the disk heartbeat on the shared region, o2net on the node's
 * address, the quorum decision and fencing, wired as the kernel wires them (heartbeat node-up/down callbacks
 * drive o2net and quorum; o2net connection errors drive quorum; quorum and the heartbeat write timeout fence),
 * with the membership view and its events on top. All of it runs on the node's {@link ClusterTime} thread.
 * Build with {@link #builder(ClusterNodeConfig)}; {@link #start()} then {@link #stop()} (clean) or {@link #close()}.
 */
public final class ClusterNode implements AutoCloseable {

    /** Lifecycle of a node. */
    public enum State {
        /** Built, not started. */
        CREATED,
        /** Heartbeat running, not yet steady: do not trust membership yet. */
        STARTING,
        /** Steady: membership is trustworthy; services may use the shared disk. */
        RUNNING,
        /** Stopping cleanly. */
        STOPPING,
        /** Stopped cleanly: the others dropped this node at once. */
        STOPPED,
        /** Fenced itself: stop using the shared disk; only a restart brings the node back. */
        FENCED,
        /** Could not start (region unreadable, address in use, heartbeat unstable): fix and restart. */
        FAILED
    }

    private volatile ClusterNodeConfig config;
    private final ClusterTime time;
    private final ClusterLog log;
    private final Transport transport;
    private final List<AutoCloseable> owned;
    private final MembershipView view;
    private final Quorum quorum;
    private final O2Net net;
    private final DiskHeartbeat heartbeat;
    private final Fencer fencer;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile State state = State.CREATED;
    private volatile String failure;

    private ClusterNode(Builder b) {
        this.config = b.config;
        this.time = b.time;
        this.transport = b.transport;
        this.owned = List.copyOf(b.owned);
        this.log = new ClusterLog(config.localNode().name(), ClusterNode.class);
        int self = config.localNode().number();
        this.view = new MembershipView(time, log, config, n -> net().connectionState(n));
        b.listeners.forEach(view::addListener);
        FenceAction action = b.fenceAction != null ? b.fenceAction : defaultAction(config, b.stopServices);
        this.fencer = new Fencer(time, log, config, b.fenceRecords, action, this::stopClusterServicesUncleanly, view,
                () -> state = State.FENCED, b.fenceActionExecutor);
        this.quorum = new Quorum(time, log, self, fencer::fence);
        this.net = new O2Net(time, log, config, transport, quorum, new NetListener() {
            @Override
            public void connected(NodeAddress peer) {
                view.connected(peer.number());
            }

            @Override
            public void disconnected(NodeAddress peer, String reason) {
                view.disconnected(peer.number(), reason);
            }

            @Override
            public void refused(NodeAddress peer, String message) {
                view.refused();
            }
        });
        BitSet configured = new BitSet();
        config.nodes().forEach(n -> configured.set(n.number()));
        this.heartbeat = new DiskHeartbeat(time, b.region, log, self, config.deadThreshold(), configured,
                b.generationSource, b.regionName, new NetNegoChannel(net), new HeartbeatEvents());
    }

    /** A builder for a node of {@code config}. */
    public static Builder builder(ClusterNodeConfig config) {
        return new Builder(config);
    }

    /**
     * Starts o2net and the disk heartbeat; the future completes once the heartbeat is steady (state RUNNING),
     * or exceptionally if the node cannot start.
     */
    public CompletableFuture<Void> start() {
        time.execute(() -> {
            if (state != State.CREATED) {
                return;
            }
            state = State.STARTING;
            try {
                net.start();
            } catch (IOException e) {
                fail(e.getMessage());
                return;
            }
            heartbeat.start();
        });
        return started;
    }

    /**
     * Adds {@code added} to the cluster of this node without a restart, as {@code o2cb_ctl -C -n} does on a live
     * kernel stack: o2net gets a peer entry (and connects to it once it heartbeats, if this node's number is the
     * higher one; else it accepts its connection), and the disk heartbeat starts checking its slot, so it comes up
     * after {@link io.o2pool.cluster.heartbeat.HeartbeatTiming#LIVE_THRESHOLD} changes of its block. Runs on the
     * node's thread; the future completes once the node knows the peer, or fails with an
     * {@link IllegalArgumentException} (name, number or address already used, no slot for the number in the region)
     * or an {@link IllegalStateException} (the node is stopping, stopped, fenced or failed: start it with the new
     * configuration instead).
     */
    public CompletableFuture<Void> addNode(NodeAddress added) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        time.execute(() -> {
            try {
                addOnNodeThread(added);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void addOnNodeThread(NodeAddress added) {
        switch (state) {
            case CREATED, STARTING, RUNNING -> { }
            case STOPPING, STOPPED, FENCED, FAILED -> throw new IllegalStateException("node "
                    + config.localNode().name() + " is " + state + "; cannot add " + added.describe()
                    + " to it: start it again with the new configuration");
        }
        ClusterNodeConfig grown = config.withNode(added); // validates before anything changes
        heartbeat.addNode(added.number());
        net.addPeer(added);
        view.addNode(added);
        config = grown;
        log.notice("o2nm: added %s to cluster %s", added.describe(), grown.clusterName());
    }

    /** Stops cleanly: node-down for every live node, a generation-0 block, o2net down. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        time.execute(() -> {
            if (state != State.STARTING && state != State.RUNNING) {
                done.complete(null);
                return;
            }
            state = State.STOPPING;
            heartbeat.stop().whenComplete((v, e) -> time.execute(() -> {
                net.stop();
                state = State.STOPPED;
                done.complete(null);
            }));
        });
        return done;
    }

    /**
     * Stops like a crash ({@code kill -9}): no goodbye block, sockets closed; the others must time this node
     * out. For tests and benchmarks.
     */
    public void crash() {
        time.execute(() -> {
            heartbeat.stopUnclean();
            net.stop();
            transport.close();
            if (state != State.FENCED) {
                state = State.STOPPED;
            }
        });
    }

    /** Closes what the node owns (scheduler thread, region file, sockets); call after {@link #stop()}. */
    @Override
    public void close() {
        transport.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    public State state() {
        return state;
    }

    /** Why the node failed to start, or null. */
    public String failure() {
        return failure;
    }

    /** The node's configuration, with the nodes {@link #addNode added} since it was built. */
    public ClusterNodeConfig config() {
        return config;
    }

    public MembershipView membership() {
        return view;
    }

    /** The node's kernel-style log lines. */
    public ClusterLog log() {
        return log;
    }

    /** The fencer (its record once fenced). */
    public Fencer fencer() {
        return fencer;
    }

    /** The disk heartbeat (read its state on the node's thread or in a fake-time test). */
    public DiskHeartbeat heartbeat() {
        return heartbeat;
    }

    /**
     * The heartbeat health now ({@link HeartbeatHealth}), taken on the node's thread: this node's writes (armed or
     * not, time since the last good write, latencies and near misses over the window) and every peer's last changed
     * sample and o2net link, judged by {@link io.o2pool.cluster.health.HealthJudge}.
     */
    public CompletableFuture<HeartbeatHealth> health() {
        CompletableFuture<HeartbeatHealth> out = new CompletableFuture<>();
        time.execute(() -> {
            try {
                out.complete(healthNow());
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /** {@link #health()} on the calling thread, which must be the node's thread (or a fake-time test's). */
    public HeartbeatHealth healthNow() {
        long now = time.nowMs();
        DiskHeartbeat.OwnWrite w = heartbeat.ownWrite();
        var own = view.writeWindow().health(now, w.writeTimeoutArmed(), w.msSinceLastGoodWrite(), w.writePendingMs());
        return HeartbeatHealth.judged(config.localNode().name(), time.wallClock(), own,
                view.peerHealth(now, net::lastReceivedMs));
    }

    /** The quorum state (read on the node's thread or in a fake-time test). */
    public Quorum quorum() {
        return quorum;
    }

    private O2Net net() {
        return net;
    }

    private void stopClusterServicesUncleanly() {
        heartbeat.stopUnclean();
        net.stop();
    }

    private void fail(String reason) {
        failure = reason;
        state = State.FAILED;
        log.error("%s", reason);
        net.stop();
        started.completeExceptionally(new IllegalStateException("node " + config.localNode().name()
                + " could not start: " + reason));
    }

    private static FenceAction defaultAction(ClusterNodeConfig config, Runnable stopServices) {
        return switch (config.fenceMethod()) {
            case STOP -> new StopFenceAction(stopServices);
            case COMMAND -> new CommandFenceAction(config.fenceCommand(), CommandRunner.system());
            case REBOOT -> new RebootFenceAction(CommandRunner.system());
        };
    }

    /** The write-hang negotiation's messages over this node's o2net, as heartbeat.c registers and sends them. */
    private record NetNegoChannel(O2Net net) implements NegoChannel {
        @Override
        public void register(int key, Consumer<NegoMessage> handler) {
            for (NegoMessage.Type type : NegoMessage.Type.values()) {
                net.registerHandler(type.msgType(), key, NegoMessage.PAYLOAD_BYTES, (from, header, payload) -> {
                    handler.accept(NegoMessage.decode(type, payload));
                    return 0;
                });
            }
        }

        @Override
        public void unregister(int key) {
            for (NegoMessage.Type type : NegoMessage.Type.values()) {
                net.unregisterHandler(type.msgType(), key);
            }
        }

        @Override
        public void send(int key, NegoMessage message, int target, IntConsumer done) {
            net.sendMessage(message.type().msgType(), key, message.payload(), target, r -> done.accept(r.error()));
        }
    }

    /** Heartbeat callbacks: the kernel's o2hb callbacks into o2net and quorum, plus the view. */
    private final class HeartbeatEvents implements HeartbeatListener {
        @Override
        public void nodeUp(SlotCheck check) {
            view.nodeUp(check.node(), String.format("heartbeat live (generation 0x%x)", check.block().generation()));
            net.hbUp(check.node());
        }

        @Override
        public void nodeDown(SlotCheck check) {
            String reason = switch (check.downReason()) {
                case MISSED_SAMPLES -> "no heartbeat for " + check.equalSamples() + " samples (dead threshold "
                        + config.deadThreshold() + ")";
                case CLEAN_STOP -> "stopped heartbeating cleanly (generation 0)";
                case GENERATION_CHANGED -> String.format("heartbeat generation changed to 0x%x (restarted)",
                        check.block().generation());
                case LOCAL_SHUTDOWN -> "local heartbeat stopped";
            };
            view.nodeDown(check.node(), reason);
            net.hbDown(check.node());
        }

        @Override
        public void writeTimeout(long elapsedMs) {
            fencer.fenceForWriteTimeout(String.format("Heartbeat write timeout to device %s after %d milliseconds",
                    heartbeat.describe(), elapsedMs));
        }

        @Override
        public void sampled(SlotCheck check) {
            view.sampled(check);
        }

        @Override
        public void writeCompleted(long latencyMs, boolean failed) {
            view.writeCompleted(latencyMs, failed);
        }

        @Override
        public void steady() {
            if (state == State.STARTING) {
                state = State.RUNNING;
            }
            started.complete(null);
        }

        @Override
        public void startAborted(String reason) {
            fail(reason);
        }
    }

    /** Assembles a node from its parts; the region, transport and time are required. */
    public static final class Builder {
        private final ClusterNodeConfig config;
        private ClusterTime time;
        private RegionIo region;
        private String regionName = "o2pool";
        private Transport transport;
        private FenceAction fenceAction;
        private FenceRecordStore fenceRecords;
        private Runnable stopServices = () -> { };
        private Executor fenceActionExecutor = r -> Thread.ofVirtual().name("o2pool-fence").start(r);
        private LongSupplier generationSource = new SecureRandom()::nextLong;
        private final List<MembershipListener> listeners = new ArrayList<>();
        private final List<AutoCloseable> owned = new ArrayList<>();

        private Builder(ClusterNodeConfig config) {
            this.config = config;
        }

        /** The node's clock and scheduler. */
        public Builder time(ClusterTime t) {
            this.time = t;
            return this;
        }

        /** The heartbeat region and its name in logs (the volume UUID, or the repository's name). */
        public Builder region(RegionIo io, String name) {
            this.region = io;
            this.regionName = name;
            return this;
        }

        public Builder transport(Transport t) {
            this.transport = t;
            return this;
        }

        /** Overrides the fence action the configuration chooses. */
        public Builder fenceAction(FenceAction a) {
            this.fenceAction = a;
            return this;
        }

        /** Where fence records go (the shared repository). */
        public Builder fenceRecords(FenceRecordStore store) {
            this.fenceRecords = store;
            return this;
        }

        /** What the default {@code stop} fence stops besides the cluster stack (the agent's services). */
        public Builder stopServices(Runnable r) {
            this.stopServices = r;
            return this;
        }

        /** Where the fence action runs (tests: the calling thread). */
        public Builder fenceActionExecutor(Executor e) {
            this.fenceActionExecutor = e;
            return this;
        }

        /** The source of heartbeat generations (tests: a fixed sequence). */
        public Builder generationSource(LongSupplier s) {
            this.generationSource = s;
            return this;
        }

        public Builder listener(MembershipListener l) {
            listeners.add(l);
            return this;
        }

        /** Something the node closes in {@link ClusterNode#close()} (its scheduler, region file, I/O thread). */
        public Builder owns(AutoCloseable c) {
            owned.add(c);
            return this;
        }

        public ClusterNode build() {
            if (time == null || region == null || transport == null) {
                throw new IllegalStateException("a cluster node needs time, a region and a transport");
            }
            return new ClusterNode(this);
        }
    }
}
