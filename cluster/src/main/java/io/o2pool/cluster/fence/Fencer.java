package io.o2pool.cluster.fence;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.membership.MembershipView;
import io.o2pool.cluster.net.ConnectionState;
import io.o2pool.cluster.membership.PeerView;
import io.o2pool.cluster.quorum.QuorumVerdict;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import io.o2pool.cluster.time.ClusterTime;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Fences this node once ({@code quorum.c: o2quo_fence_self}): stops the disk heartbeat uncleanly and o2net at
 * once (so the node stops touching the shared disk), writes the {@link FenceRecord} to the shared repository,
 * reports the FENCED event, then runs the configured {@link FenceAction} on its own thread. Confined to the
 * node's thread except the action.
 */
public final class Fencer {
    private static final int LATENCIES_KEPT = 16;

    private final ClusterTime time;
    private final ClusterLog log;
    private final ClusterNodeConfig config;
    private final FenceRecordStore store;
    private final FenceAction action;
    private final Runnable stopClusterServices;
    private final MembershipView view;
    private final Runnable onFenced;
    private final Executor actionExecutor;
    private volatile FenceRecord record;

    /**
     * @param store               where records go (null: log only, for nodes without a shared repository)
     * @param stopClusterServices stops the heartbeat uncleanly and o2net, at once
     * @param onFenced            runs after the event, before the action (the node's state becomes FENCED)
     * @param actionExecutor      runs the action (a new thread in production, the caller's thread in tests)
     */
    public Fencer(ClusterTime time, ClusterLog log, ClusterNodeConfig config, FenceRecordStore store, FenceAction action,
            Runnable stopClusterServices, MembershipView view, Runnable onFenced, Executor actionExecutor) {
        this.time = time;
        this.log = log.forComponent(Fencer.class);
        this.config = config;
        this.store = store;
        this.action = action;
        this.stopClusterServices = stopClusterServices;
        this.view = view;
        this.onFenced = onFenced;
        this.actionExecutor = actionExecutor;
    }

    /** Fences for a quorum verdict. */
    public void fence(QuorumVerdict verdict) {
        fence(verdict.rule(), verdict.message(), verdict.heartbeating(), verdict.connected(), verdict.lowest());
    }

    /** Fences because the heartbeat write did not complete in time ({@code o2quo_disk_timeout}). */
    public void fenceForWriteTimeout(String message) {
        List<PeerView> peers = view.snapshot();
        int hb = (int) peers.stream().filter(p -> p.heartbeat() == PeerView.HeartbeatState.LIVE).count();
        int conn = 1 + (int) peers.stream().filter(p -> p.connection() == ConnectionState.CONNECTED).count();
        int lowest = peers.stream().filter(p -> p.heartbeat() == PeerView.HeartbeatState.LIVE)
                .mapToInt(PeerView::number).min().orElse(255);
        fence(FenceRule.WRITE_TIMEOUT, message, hb, conn, lowest);
    }

    /** The record of the fence, once fenced; else null. */
    public FenceRecord record() {
        return record;
    }

    /** True once this node has fenced itself. */
    public boolean fenced() {
        return record != null;
    }

    private void fence(FenceRule rule, String message, int hb, int conn, int lowest) {
        if (record != null) {
            return;
        }
        stopClusterServices.run();
        String self = config.localNode().name();
        List<String> seen = view.snapshot().stream().filter(p -> p.heartbeat() == PeerView.HeartbeatState.LIVE)
                .map(PeerView::name).filter(n -> !n.equalsIgnoreCase(self)).toList();
        FenceRecord r = new FenceRecord(time.wallClock(), config.clusterName(), self, config.localNode().number(), rule,
                message, hb, conn, lowest, seen, view.connectedPeers(), view.writeLatency().last(LATENCIES_KEPT),
                config.fenceMethod());
        record = r;
        if (store != null) {
            try {
                Path path = store.write(r);
                log.error("fence record written to %s", path);
                if (action instanceof CommandFenceAction c) {
                    c.recordWrittenTo(path);
                }
            } catch (Exception e) {
                log.error("could not write the fence record to %s: %s; fencing anyway", store.dir(), e.getMessage());
            }
        }
        log.error("*** o2pool is fencing this node (%s, method %s): %s ***", rule, config.fenceMethod().name()
                .toLowerCase(java.util.Locale.ROOT), message);
        view.fenced(message);
        onFenced.run();
        actionExecutor.execute(() -> {
            try {
                action.fence(r);
            } catch (Exception e) {
                log.error("fence action %s failed: %s", config.fenceMethod(), e.getMessage());
            }
        });
    }
}
