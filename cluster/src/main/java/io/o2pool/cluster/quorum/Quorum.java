package io.o2pool.cluster.quorum;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.time.ClusterTime;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The quorum state of one node ({@code quorum.c}): which nodes heartbeat and which are connected, and the
 * holds that delay a decision while a node is between heartbeat and connection. A decision is taken only
 * when o2net has given up on a connection and waited {@code O2NET_QUORUM_DELAY_MS} ({@link #hbStillUp}), and
 * only once every hold has drained; then {@link QuorumDecision} decides, and a fencing verdict goes to the
 * fence callback. Confined to the node's thread.
 */
public final class Quorum {
    private final ClusterTime time;
    private final ClusterLog log;
    private final int self;
    private final Consumer<QuorumVerdict> fence;
    private final BitSet heartbeating = new BitSet();
    private final BitSet connected = new BitSet();
    private final BitSet holds = new BitSet();
    private boolean pending;
    private QuorumVerdict lastVerdict;

    /** Quorum for node {@code self}; {@code fence} receives a verdict that requires fencing. */
    public Quorum(ClusterTime time, ClusterLog log, int self, Consumer<QuorumVerdict> fence) {
        this.time = time;
        this.log = log.forComponent(Quorum.class);
        this.self = self;
        this.fence = fence;
    }

    /** A node started heartbeating ({@code o2quo_hb_up}): hold decisions until its connection is known. */
    public void hbUp(int node) {
        heartbeating.set(node);
        log.debug("node %d, %d total", node, heartbeating.cardinality());
        if (!connected.get(node)) {
            setHold(node);
        } else {
            clearHold(node);
        }
    }

    /** A node stopped heartbeating ({@code o2quo_hb_down}): releases its holds. */
    public void hbDown(int node) {
        heartbeating.clear(node);
        log.debug("node %d, %d total", node, heartbeating.cardinality());
        clearHold(node);
    }

    /**
     * After a lost connection and the quorum delay, the node still heartbeats ({@code o2quo_hb_still_up}):
     * a decision is now due, once holds drain.
     */
    public void hbStillUp(int node) {
        log.debug("node %d", node);
        pending = true;
        clearHold(node);
    }

    /** A connection came up ({@code o2quo_conn_up}); this node counts itself once it listens. */
    public void connUp(int node) {
        connected.set(node);
        log.debug("node %d, %d total", node, connected.cardinality());
        if (!heartbeating.get(node)) {
            setHold(node);
        } else {
            clearHold(node);
        }
    }

    /** We gave up on a connection ({@code o2quo_conn_err}): hold while the node still heartbeats. */
    public void connErr(int node) {
        connected.clear(node);
        log.debug("node %d, %d total", node, connected.cardinality());
        if (heartbeating.get(node)) {
            setHold(node);
        }
    }

    /** Nodes heartbeating (a copy). */
    public BitSet heartbeating() {
        return (BitSet) heartbeating.clone();
    }

    /** Nodes connected, this node included once it listens (a copy). */
    public BitSet connected() {
        return (BitSet) connected.clone();
    }

    /** Nodes holding the decision back (a copy). */
    public BitSet holds() {
        return (BitSet) holds.clone();
    }

    /** The last decision taken, or null. */
    public QuorumVerdict lastVerdict() {
        return lastVerdict;
    }

    private void setHold(int node) {
        if (!holds.get(node)) {
            holds.set(node);
            log.debug("node %d, %d total holds", node, holds.cardinality());
        }
    }

    private void clearHold(int node) {
        if (holds.get(node)) {
            holds.clear(node);
            log.debug("node %d, %d total holds", node, holds.cardinality());
            if (holds.isEmpty() && pending) {
                pending = false;
                time.execute(this::makeDecision); // schedule_work(&qs->qs_work)
            }
        }
    }

    private void makeDecision() {
        QuorumVerdict verdict = QuorumDecision.decide(self, heartbeating, connected);
        lastVerdict = verdict;
        if (verdict.fence()) {
            log.error("%s", verdict.message());
            fence.accept(verdict);
        } else {
            log.notice("%s", verdict.message());
        }
    }
}
