package io.o2pool.cluster.heartbeat;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.time.ClusterTime;
import java.util.BitSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The o2hb negotiate timer of one region ({@code heartbeat.c}, Linux 4.7 and later, e.g. Debian 12's 6.1): when
 * every live node's heartbeat write hangs (the shared storage is down), the nodes agree to wait for it instead of all
 * fencing at the write timeout. Armed with the write timeout at half of it ({@code O2HB_NEGO_TIMEOUT_MS}); when it
 * fires, {@link NegoDecision} says what to do: the master (lowest live node) collects the other nodes'
 * {@link NegoMessage.Type#TIMEOUT} reports and, once all live nodes hung, re-arms the write timeout everywhere with
 * {@link NegoMessage.Type#APPROVE}. A node whose disk alone hangs is never approved and fences at the write timeout
 * as before. Confined to the node's {@link ClusterTime} thread.
 */
public final class WriteHangNegotiation {
    private final ClusterTime time;
    private final ClusterLog log;
    private final int self;
    private final int negoTimeoutMs;
    private final String regionName;
    private final String device;
    private final NegoChannel channel;
    private final int key;
    private final Supplier<BitSet> liveNodes;
    private final BooleanSupplier lastHeartbeatFailed;
    private final Runnable armTimeout;
    private final BitSet reported = new BitSet(HeartbeatTiming.MAX_NODES);
    private ClusterTime.Timer timer;
    private boolean registered;

    /**
     * @param writeTimeoutMs      the write timeout; the negotiate timer fires at half of it
     * @param regionName          the region's name ({@code config_item_name}: the volume UUID), which gives the key
     * @param device              the region's device in logs ({@code %pg})
     * @param liveNodes           the live nodes now ({@code o2hb_fill_node_map})
     * @param lastHeartbeatFailed whether the last completed iteration failed ({@code hr_last_hb_status})
     * @param armTimeout          {@code o2hb_arm_timeout}: re-arms the write timeout and this timer (if steady)
     */
    public WriteHangNegotiation(ClusterTime time, ClusterLog log, int self, int writeTimeoutMs, String regionName,
            String device, NegoChannel channel, Supplier<BitSet> liveNodes, BooleanSupplier lastHeartbeatFailed,
            Runnable armTimeout) {
        this.time = time;
        this.log = log.forComponent(WriteHangNegotiation.class);
        this.self = self;
        this.negoTimeoutMs = writeTimeoutMs / 2;
        this.regionName = regionName;
        this.device = device;
        this.channel = channel;
        this.key = NegoMessage.key(regionName, 0);
        this.liveNodes = liveNodes;
        this.lastHeartbeatFailed = lastHeartbeatFailed;
        this.armTimeout = armTimeout;
    }

    /** {@code O2HB_NEGO_TIMEOUT_MS} = {@code O2HB_MAX_WRITE_TIMEOUT_MS / 2}. */
    public int negoTimeoutMs() {
        return negoTimeoutMs;
    }

    /** The o2net key of the region's messages. */
    public int key() {
        return key;
    }

    /** The nodes that reported a hung write since the last arming (a copy; read on the node's thread). */
    public BitSet reported() {
        return (BitSet) reported.clone();
    }

    /** Registers both message handlers with o2net, as creating the region does. */
    public void register() {
        if (!registered) {
            channel.register(key, this::received);
            registered = true;
        }
    }

    /** Unregisters the handlers: later messages for the region are answered "no handler". */
    public void unregister() {
        if (registered) {
            channel.unregister(key);
            registered = false;
        }
    }

    /**
     * The negotiate half of {@code o2hb_arm_timeout} (the caller has checked the steady state and re-armed the write
     * timeout): re-queue this timer at half the write timeout and forget who reported.
     */
    public void arm() {
        cancel();
        timer = time.schedule(negoTimeoutMs, this::timedOut);
        reported.clear();
    }

    /** Stops the timer ({@code o2hb_disarm_timeout}). */
    public void disarm() {
        cancel();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    // o2hb_nego_timeout
    private void timedOut() {
        timer = null;
        BitSet live = liveNodes.get();
        NegoDecision d = NegoDecision.decide(self, live, reported, lastHeartbeatFailed.getAsBoolean());
        switch (d.action()) {
            case SKIP_LAST_HEARTBEAT_FAILED -> { }
            case REPORT_TO_MASTER -> {
                log.notice("o2hb: node %d hb write hung for %ds on region %s (%s), negotiate timeout with node %d.",
                        self, negoTimeoutMs / 1000, regionName, device, d.master());
                send(NegoMessage.Type.TIMEOUT, d.master());
            }
            case WAIT_FOR_ALL -> {
                reportOwnHang();
                timer = time.schedule(NegoDecision.MASTER_RECHECK_MS, this::timedOut);
            }
            case APPROVE -> {
                reportOwnHang();
                log.notice("o2hb: all nodes hb write hung, maybe region %s (%s) is down.", regionName, device);
                armTimeout.run();
                BitSet to = d.targets();
                for (int n = to.nextSetBit(0); n >= 0; n = to.nextSetBit(n + 1)) {
                    log.debug("send NEGO_APPROVE msg to node %d", n);
                    send(NegoMessage.Type.APPROVE, n);
                }
            }
        }
    }

    private void reportOwnHang() {
        if (!reported.get(self)) {
            log.notice("o2hb: node %d hb write hung for %ds on region %s (%s).", self, negoTimeoutMs / 1000, regionName,
                    device);
            reported.set(self);
        }
    }

    private void send(NegoMessage.Type type, int target) {
        channel.send(key, new NegoMessage(type, self), target, ret -> {
            if (ret != 0) {
                log.error("send %s msg to node %d fail %d", type.kernelName(), target, ret);
            }
        });
    }

    // o2hb_nego_timeout_handler and o2hb_nego_approve_handler; both return 0
    private void received(NegoMessage m) {
        switch (m.type()) {
            case TIMEOUT -> {
                log.notice("o2hb: receive negotiate timeout message from node %d on region %s (%s).", m.nodeNum(),
                        regionName, device);
                if (m.nodeNum() < HeartbeatTiming.MAX_NODES) {
                    reported.set(m.nodeNum());
                } else {
                    log.error("got nego timeout message from bad node.");
                }
            }
            case APPROVE -> {
                log.notice("o2hb: negotiate timeout approved by master node on region %s (%s).", regionName, device);
                armTimeout.run();
            }
        }
    }
}
