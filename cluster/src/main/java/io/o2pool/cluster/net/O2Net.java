package io.o2pool.cluster.net;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.cluster.quorum.Quorum;
import io.o2pool.cluster.time.ClusterTime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The o2net network heartbeat of one node ({@code fs/ocfs2/cluster/tcp.c}): listens on the node's address; when
 * disk heartbeat sees a node come up, the higher-numbered node connects to the lower at once and then every
 * reconnect delay; the acceptor identifies the peer by source address and refuses unknown nodes, the wrong
 * direction, nodes not heartbeating and duplicates; both ends exchange the {@link Handshake} and refuse
 * mismatched timeouts; any received message postpones the idle timer and the keepalive; an idle connection
 * reports a connection error to quorum and, after {@code O2NET_QUORUM_DELAY_MS}, asks it to decide. Requests go
 * to the handler registered for their type and key ({@link #registerHandler}; none: the kernel's "no handler" reply),
 * and {@link #sendMessage} sends one and hands back the reply's status. Confined to the node's {@link ClusterTime}
 * thread; transport callbacks are moved there.
 */
public final class O2Net {
    private final ClusterTime time;
    private final ClusterLog log;
    private ClusterNodeConfig config;
    private final NodeAddress self;
    private final Transport transport;
    private final Quorum quorum;
    private final NetListener listener;
    private final Handshake localHandshake;
    // written on the node's thread; concurrent because connectionState is read from any thread
    private final Map<Integer, NetPeer> peers = new ConcurrentHashMap<>();
    private final BitSet heartbeating = new BitSet();
    // o2net_handler_tree: (msg_type, key) -> handler; on the node's thread
    private final Map<Long, Registered> handlers = new HashMap<>();
    private final int quorumDelayMs;
    private boolean running;

    public O2Net(ClusterTime time, ClusterLog log, ClusterNodeConfig config, Transport transport, Quorum quorum,
            NetListener listener) {
        this.time = time;
        this.log = log.forComponent(O2Net.class);
        this.config = config;
        this.self = config.localNode();
        this.transport = transport;
        this.quorum = quorum;
        this.listener = listener;
        this.localHandshake = Handshake.local(config.writeTimeoutMs(), config.idleTimeoutMs(), config.keepaliveDelayMs(),
                config.reconnectDelayMs());
        this.quorumDelayMs = HeartbeatTiming.quorumDelayMs(config.deadThreshold());
        for (NodeAddress n : config.nodes()) {
            if (n.number() != self.number()) {
                peers.put(n.number(), new NetPeer(n));
            }
        }
    }

    /** Starts listening ({@code o2net_start_listening}); this node then counts itself as connected. */
    public void start() throws IOException {
        transport.listen(self.socketAddress(), link -> time.execute(() -> accept(link)));
        running = true;
        quorum.connUp(self.number());
    }

    /** Disconnects every peer and stops ({@code o2net_stop_listening}). */
    public void stop() {
        if (!running) {
            return;
        }
        for (NetPeer p : peers.values()) {
            disconnectNode(p);
        }
        running = false;
        quorum.connErr(self.number());
    }

    /**
     * A node was added to the running cluster: a peer entry that waits, like every peer, for the node's heartbeat
     * before connecting ({@link #hbUp}); its connections are accepted from then on. On the node's thread.
     */
    public void addPeer(NodeAddress node) {
        config = config.withNode(node);
        peers.put(node.number(), new NetPeer(node));
    }

    /**
     * Registers {@code handler} for requests of {@code msgType} and {@code key} whose payload is at most
     * {@code maxLen} bytes ({@code o2net_register_handler}). On the node's thread.
     *
     * @throws IllegalArgumentException for type 0 or a maximum above {@link MessageHeader#MAX_PAYLOAD_BYTES}
     *                                  ({@code -EINVAL})
     * @throws IllegalStateException    when a handler is registered for the type and key ({@code -EEXIST})
     */
    public void registerHandler(int msgType, int key, int maxLen, MessageHandler handler) {
        if (msgType == 0 || maxLen > MessageHeader.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("o2net: cannot register a handler for type " + msgType + " with max_len "
                    + maxLen + " (type must be non-zero, max_len at most " + MessageHeader.MAX_PAYLOAD_BYTES + ")");
        }
        if (handlers.putIfAbsent(handlerKey(msgType, key), new Registered(maxLen, handler)) != null) {
            throw new IllegalStateException(String.format("o2net: a handler for type %d key %08x is already registered",
                    msgType, key));
        }
        log.debug("registered handler type %d key %08x", msgType, key);
    }

    /** Unregisters the handler of {@code msgType} and {@code key}, if any. On the node's thread. */
    public void unregisterHandler(int msgType, int key) {
        if (handlers.remove(handlerKey(msgType, key)) != null) {
            log.debug("unregistering handler type %d key %08x", msgType, key);
        }
    }

    /**
     * Sends a request to node {@code target} and reports how it ended ({@code o2net_send_message}): at once with
     * {@code -ELOOP} for this node, with the persistent error ({@code -ENOTCONN}) while the target is not connected
     * and not being connected; else, like the kernel's sender waiting in {@code o2net_tx_can_proceed}, once the
     * connection is up; then with the target's reply ({@code msg_num} is the lowest free status-wait id for the
     * target) or {@code -EHOSTDOWN} if the connection goes away first. On the node's thread; {@code done} runs there.
     */
    public void sendMessage(int msgType, int key, byte[] payload, int target, Consumer<SendResult> done) {
        if (payload.length > MessageHeader.MAX_PAYLOAD_BYTES) {
            done.accept(new SendResult(-22, 0));
            return;
        }
        if (target == self.number()) {
            done.accept(new SendResult(SendResult.ELOOP, 0));
            return;
        }
        NetPeer p = peers.get(target);
        if (p == null) {
            done.accept(new SendResult(NetPeer.ENOTCONN, 0)); // o2net_init: every node starts with -ENOTCONN
            return;
        }
        transmit(p, new NetPeer.Outgoing(msgType, key, payload.clone(), done));
    }

    /** The handshake this node sends. */
    public Handshake localHandshake() {
        return localHandshake;
    }

    /** The connection state of {@code node} (NOT_CONNECTED for unknown nodes and this node). */
    public ConnectionState connectionState(int node) {
        NetPeer p = peers.get(node);
        return p == null ? ConnectionState.NOT_CONNECTED : p.state();
    }

    /**
     * Monotonic ms of the last message received from {@code node} on a connection whose handshake passed (keepalive
     * or any other; {@code o2net_sc_postpone_idle}), or -1 when none is connected. On the node's thread.
     */
    public long lastReceivedMs(int node) {
        NetPeer p = peers.get(node);
        NetConnection sc = p == null ? null : p.sc;
        return p == null || p.state() != ConnectionState.CONNECTED || sc == null ? -1 : sc.lastReceivedMs;
    }

    /** The heartbeat node-up callback ({@code o2net_hb_node_up_cb}): quorum first, then an immediate connect. */
    public void hbUp(int node) {
        quorum.hbUp(node);
        heartbeating.set(node);
        NetPeer p = peers.get(node);
        if (p == null) {
            return;
        }
        // ensure an immediate connect attempt
        p.lastConnectAttemptMs = time.nowMs() - (config.reconnectDelayMs() + 1);
        p.timedOut = false;
        if (p.persistentError != 0) {
            setState(p, null, false, 0);
        }
    }

    /** The heartbeat node-down callback ({@code o2net_hb_node_down_cb}). */
    public void hbDown(int node) {
        quorum.hbDown(node);
        heartbeating.clear(node);
        NetPeer p = peers.get(node);
        if (p != null) {
            disconnectNode(p);
        }
    }

    // ---- state machine (o2net_set_nn_state) ----

    private void setState(NetPeer p, NetConnection sc, boolean valid, int err) {
        boolean wasValid = p.valid;
        int wasErr = p.persistentError;
        NetConnection old = p.sc;
        if (wasValid && !valid && err == 0) {
            err = NetPeer.ENOTCONN;
        }
        p.sc = sc;
        p.valid = valid;
        p.persistentError = err;
        // mirrors o2net_tx_can_proceed(): wake the senders waiting for the connection
        if ((p.persistentError != 0 || p.valid) && !p.txWaiting.isEmpty()) {
            time.execute(() -> drainTx(p));
        }

        if (wasValid && wasErr == 0 && p.persistentError != 0) {
            quorum.connErr(p.node.number());
            queueStillUp(p);
        }
        if (wasValid && !valid) {
            if (old != null) {
                log.notice("o2net: No longer connected to %s", p.node.describe());
            }
            completeNodesStatusWaits(p);
            listener.disconnected(p.node, "no longer connected");
        }
        if (!wasValid && valid) {
            quorum.connUp(p.node.number());
            NetPeer.cancel(p.connectExpired);
            p.connectExpired = null;
            log.notice("o2net: %s %s", self.number() > p.node.number() ? "Connected to" : "Accepted connection from",
                    p.node.describe());
            listener.connected(p.node);
        }
        // keep trying to connect as long as we are not valid; start_connect backs off when it should not
        if (!valid && running) {
            long delay = p.lastConnectAttemptMs + config.reconnectDelayMs() - time.nowMs();
            if (delay > config.reconnectDelayMs() || delay < 0) {
                delay = 0;
            }
            if (p.connectWork == null) {
                p.connectWork = time.schedule(delay, () -> {
                    p.connectWork = null;
                    startConnect(p);
                });
            }
            if (p.connectExpired == null) {
                p.connectExpired = time.schedule(delay + config.idleTimeoutMs(), () -> {
                    p.connectExpired = null;
                    connectExpired(p);
                });
            }
        }
        if (old != null && old != sc) {
            shutdown(old);
        }
    }

    private void ensureShutdown(NetPeer p, NetConnection sc, int err) {
        if (p.sc == sc) {
            setState(p, null, false, err);
        } else {
            shutdown(sc);
        }
    }

    private void shutdown(NetConnection sc) {
        sc.cancelTimers();
        if (sc.link != null) {
            sc.link.close();
        }
    }

    private void disconnectNode(NetPeer p) {
        // don't reconnect until it's heartbeating again
        p.timedOut = false;
        setState(p, null, false, NetPeer.ENOTCONN);
        NetPeer.cancel(p.connectExpired);
        NetPeer.cancel(p.connectWork);
        NetPeer.cancel(p.stillUp);
        p.connectExpired = null;
        p.connectWork = null;
        p.stillUp = null;
    }

    private void queueStillUp(NetPeer p) {
        if (p.stillUp == null) {
            p.stillUp = time.schedule(quorumDelayMs, () -> {
                p.stillUp = null;
                quorum.hbStillUp(p.node.number());
            });
        }
    }

    // ---- connecting (o2net_start_connect) and accepting (o2net_accept_one) ----

    private void startConnect(NetPeer p) {
        if (!running || self.number() <= p.node.number()) {
            return; // if we're greater we initiate tx, otherwise we accept
        }
        boolean stop = p.sc != null || (p.persistentError != 0
                && (p.persistentError != NetPeer.ENOTCONN || !p.timedOut));
        if (stop) {
            return;
        }
        p.lastConnectAttemptMs = time.nowMs();
        NetConnection sc = new NetConnection(p);
        setState(p, sc, false, 0);
        sc.link = transport.connect(self.inetAddress(), p.node.socketAddress(), handlerFor(sc));
    }

    private void accept(Link link) {
        if (!running) {
            link.close();
            return;
        }
        String from = link.remote().getAddress().getHostAddress();
        int fromPort = link.remote().getPort();
        NodeAddress node = config.nodes().stream().filter(n -> n.ip().equals(from)).findFirst().orElse(null);
        if (node == null) {
            log.notice("o2net: Attempt to connect from unknown node at %s:%d", from, fromPort);
            link.close();
            return;
        }
        if (self.number() >= node.number()) {
            log.notice("o2net: Unexpected connect attempt seen at node '%s' (%d, %s:%d) from node '%s' (%d, %s:%d)",
                    self.name(), self.number(), self.ip(), self.port(), node.name(), node.number(), from, fromPort);
            link.close();
            return;
        }
        if (!heartbeating.get(node.number())) {
            // this happens all the time when the other node sees our heartbeat before we see theirs
            log.debug("attempt to connect from node '%s' at %s:%d but it isn't heartbeating", node.name(), from, fromPort);
            link.close();
            return;
        }
        NetPeer p = peers.get(node.number());
        if (p.sc != null) {
            log.notice("o2net: Attempt to connect from node '%s' at %s:%d but it already has an open connection",
                    node.name(), from, fromPort);
            link.close();
            return;
        }
        NetConnection sc = new NetConnection(p);
        sc.link = link;
        p.timedOut = false;
        setState(p, sc, false, 0);
        link.start(handlerFor(sc));
        sc.send(localHandshake.encode());
    }

    private LinkHandler handlerFor(NetConnection sc) {
        return new LinkHandler() {
            @Override
            public void connected(Link link) {
                time.execute(() -> {
                    if (sc.peer.sc == sc) {
                        sc.send(localHandshake.encode()); // o2net_sc_connect_completed
                    }
                });
            }

            @Override
            public void received(Link link, byte[] data) {
                time.execute(() -> receive(sc, data));
            }

            @Override
            public void closed(Link link, String reason) {
                time.execute(() -> {
                    log.debug("o2net: Connection to %s shutdown: %s", sc.peer.node.describe(), reason);
                    // not fatal, so failed connects before the other node has our heartbeat can be retried
                    ensureShutdown(sc.peer, sc, 0);
                });
            }
        };
    }

    // ---- receiving (o2net_advance_rx, o2net_check_handshake, o2net_process_message) ----

    private void receive(NetConnection sc, byte[] data) {
        NetPeer p = sc.peer;
        if (p.sc != sc) {
            return; // a socket we already gave up on
        }
        sc.append(data);
        while (p.sc == sc) {
            if (!sc.handshakeOk) {
                if (sc.buffered() < Handshake.BYTES) {
                    return;
                }
                Handshake remote = Handshake.decode(sc.buffer(), 0);
                sc.consume(Handshake.BYTES);
                if (!checkHandshake(sc, remote)) {
                    ensureShutdown(p, sc, 0);
                    return;
                }
                continue;
            }
            if (sc.buffered() < MessageHeader.BYTES) {
                return;
            }
            MessageHeader hdr = MessageHeader.decode(sc.buffer(), 0);
            if (hdr.dataLen() > MessageHeader.MAX_PAYLOAD_BYTES) {
                log.error("o2net: %s sent a message of %d bytes, more than %d; closing", p.node.describe(),
                        hdr.dataLen(), MessageHeader.MAX_PAYLOAD_BYTES);
                ensureShutdown(p, sc, 0);
                return;
            }
            if (sc.buffered() < MessageHeader.BYTES + hdr.dataLen()) {
                return;
            }
            byte[] payload = Arrays.copyOfRange(sc.buffer(), MessageHeader.BYTES,
                    MessageHeader.BYTES + hdr.dataLen());
            sc.consume(MessageHeader.BYTES + hdr.dataLen());
            if (!process(sc, hdr, payload)) {
                ensureShutdown(p, sc, 0);
                return;
            }
        }
    }

    private boolean checkHandshake(NetConnection sc, Handshake remote) {
        NetPeer p = sc.peer;
        Optional<String> refusal = localHandshake.refusal(remote, p.node.describe());
        if (refusal.isPresent()) {
            log.notice("%s", refusal.get());
            listener.refused(p.node, refusal.get());
            ensureShutdown(p, sc, NetPeer.ENOTCONN); // don't bother reconnecting
            return false;
        }
        sc.handshakeOk = true;
        sc.lastReceivedMs = time.nowMs();
        if (p.sc == sc) {
            resetIdleTimer(sc);
            p.timedOut = false;
            setState(p, sc, true, 0);
        }
        return true;
    }

    private boolean process(NetConnection sc, MessageHeader hdr, byte[] payload) {
        postponeIdle(sc);
        switch (hdr.magic()) {
            case MessageHeader.STATUS_MAGIC -> {
                completeStatusWait(sc.peer, hdr);
                return true;
            }
            case MessageHeader.KEEP_RESP_MAGIC -> {
                return true;
            }
            case MessageHeader.KEEP_REQ_MAGIC -> {
                sc.send(MessageHeader.keepaliveReply().encode());
                return true;
            }
            case MessageHeader.MSG_MAGIC -> {
                // find a handler for it; none (e.g. the DLM's messages: o2pool has no DLM) -> "no handler"
                Registered h = handlers.get(handlerKey(hdr.msgType(), hdr.key()));
                int sysStatus;
                int status = 0;
                if (h == null) {
                    log.debug("couldn't find handler for type %d key %08x", hdr.msgType(), hdr.key());
                    sysStatus = MessageHeader.ERR_NO_HANDLER;
                } else if (hdr.dataLen() > h.maxLen()) {
                    sysStatus = MessageHeader.ERR_OVERFLOW;
                } else {
                    sysStatus = MessageHeader.ERR_NONE;
                    status = h.handler().handle(sc.peer.node.number(), hdr, payload);
                }
                sc.send(hdr.statusReply(sysStatus, status).encode());
                return true;
            }
            default -> {
                log.debug("bad magic 0x%x from %s", hdr.magic(), sc.peer.node.describe());
                return false;
            }
        }
    }

    // ---- sending requests (o2net_send_message_vec, o2net_prep_nsw, o2net_complete_nsw) ----

    private void transmit(NetPeer p, NetPeer.Outgoing out) {
        if (p.persistentError != 0) {
            out.done().accept(new SendResult(p.persistentError, 0));
            return;
        }
        if (!p.valid) {
            p.txWaiting.add(out); // wait_event_interruptible(nn->nn_sc_wq, o2net_tx_can_proceed(...))
            return;
        }
        int id = 0;
        while (p.statusWaits.containsKey(id)) {
            id++; // idr_alloc(&nn->nn_status_idr, nsw, 0, 0, ...): the lowest free id
        }
        p.statusWaits.put(id, out.done());
        p.sc.send(MessageHeader.request(out.msgType(), out.key(), id, out.payload().length).encodeWith(out.payload()));
    }

    private void drainTx(NetPeer p) {
        List<NetPeer.Outgoing> waiting = new ArrayList<>(p.txWaiting);
        p.txWaiting.clear();
        waiting.forEach(out -> transmit(p, out));
    }

    private void completeStatusWait(NetPeer p, MessageHeader reply) {
        Consumer<SendResult> done = p.statusWaits.remove(reply.msgNum());
        if (done != null) {
            int error = MessageHeader.errno(reply.sysStatus());
            done.accept(new SendResult(error, error == 0 ? reply.status() : 0));
        }
    }

    private void completeNodesStatusWaits(NetPeer p) {
        List<Consumer<SendResult>> died = new ArrayList<>(p.statusWaits.values());
        p.statusWaits.clear();
        died.forEach(done -> done.accept(new SendResult(MessageHeader.errno(MessageHeader.ERR_DIED), 0)));
    }

    private static long handlerKey(int msgType, int key) {
        return ((long) msgType << 32) | (key & 0xffffffffL);
    }

    /** A registered handler and the longest payload it accepts ({@code struct o2net_msg_handler}). */
    private record Registered(int maxLen, MessageHandler handler) {
    }

    // ---- idle and keepalive (o2net_idle_timer, o2net_sc_reset_idle_timer, o2net_sc_postpone_idle) ----

    private void resetIdleTimer(NetConnection sc) {
        // o2net_sc_reset_idle_timer pushes both timers out on every message; here the timers stay queued and
        // re-check the time of the last reset when they fire, which is the same schedule at a fraction of the cost
        sc.timerStartMs = time.nowMs();
        if (sc.keepaliveTimer == null) {
            sc.keepaliveTimer = time.schedule(config.keepaliveDelayMs(), () -> keepalive(sc));
        }
        if (sc.idleTimer == null) {
            sc.idleTimer = time.schedule(config.idleTimeoutMs(), () -> idleTimeout(sc));
        }
    }

    private void keepalive(NetConnection sc) {
        long since = time.nowMs() - sc.timerStartMs;
        if (since < config.keepaliveDelayMs()) {
            sc.keepaliveTimer = time.schedule(config.keepaliveDelayMs() - since, () -> keepalive(sc));
            return;
        }
        sc.keepaliveTimer = null; // one request per reset (o2net_sc_send_keep_req does not re-arm itself)
        sc.send(MessageHeader.keepaliveRequest().encode());
    }

    private void postponeIdle(NetConnection sc) {
        NetPeer p = sc.peer;
        sc.lastReceivedMs = time.nowMs();
        // clear the fence decision since the connection recovered from the timeout
        if (p.timedOut) {
            quorum.connUp(p.node.number());
            NetPeer.cancel(p.stillUp);
            p.stillUp = null;
            p.timedOut = false;
        }
        if (sc.idleTimer != null) {
            resetIdleTimer(sc);
        }
    }

    private void idleTimeout(NetConnection sc) {
        NetPeer p = sc.peer;
        long ms = time.nowMs() - sc.timerStartMs;
        if (ms < config.idleTimeoutMs()) {
            sc.idleTimer = time.schedule(config.idleTimeoutMs() - ms, () -> idleTimeout(sc));
            return;
        }
        sc.idleTimer = null;
        if (p.sc != sc) {
            return;
        }
        log.notice("o2net: Connection to %s has been idle for %d.%d secs.", p.node.describe(), ms / 1000, ms % 1000);
        // don't shut the connection down, but make a fence decision; it may recover before the decision
        p.timedOut = true;
        quorum.connErr(p.node.number());
        queueStillUp(p);
        resetIdleTimer(sc);
    }

    private void connectExpired(NetPeer p) {
        if (!p.valid) {
            log.notice("o2net: No connection established with node %d after %d.%d seconds, check network and cluster "
                    + "configuration.", p.node.number(), config.idleTimeoutMs() / 1000, config.idleTimeoutMs() % 1000);
            setState(p, null, false, 0);
        }
    }
}
