package io.o2pool.cluster.heartbeat;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.heartbeat.SlotCheck.Change;
import io.o2pool.cluster.heartbeat.SlotCheck.DownReason;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Decides from successive reads of a region which nodes are live, exactly as the kernel's
 * {@code heartbeat.c: o2hb_check_slot} does: a node becomes live once its sequence has changed
 * {@link HeartbeatTiming#LIVE_THRESHOLD} times while it was dead; a live node dies after
 * {@code dead_threshold} consecutive unchanged samples or at once when its generation changes (a clean
 * stop writes generation 0); any change resets the missed count; a bad checksum on a live slot counts as a
 * missed sample. Pure state machine, no I/O and no clock; confined to the heartbeat's thread.
 */
public final class LivenessTracker {
    private final int deadThreshold;
    private final int deadMs;
    private final String device;
    private final ClusterLog log;
    private final long[] lastTime = new long[HeartbeatTiming.MAX_NODES];
    private final long[] lastGeneration = new long[HeartbeatTiming.MAX_NODES];
    private final int[] equalSamples = new int[HeartbeatTiming.MAX_NODES];
    private final int[] changedSamples = new int[HeartbeatTiming.MAX_NODES];
    private final BitSet live = new BitSet(HeartbeatTiming.MAX_NODES);

    /** A tracker for a region named {@code device} in logs, with the cluster's dead threshold. */
    public LivenessTracker(int deadThreshold, String device, ClusterLog log) {
        this.deadThreshold = deadThreshold;
        this.deadMs = HeartbeatTiming.deadMs(deadThreshold);
        this.device = device;
        this.log = log;
    }

    /**
     * Takes the slot's current content as the baseline without judging it ({@code o2hb_populate_slot_data}),
     * so stale blocks of nodes that died before we started do not count as changes.
     */
    public void populate(int node, byte[] region, int off) {
        HeartbeatBlock b = HeartbeatBlock.decode(region, off);
        lastTime[node] = b.seq();
        lastGeneration[node] = b.generation();
    }

    /** One sample of slot {@code node} whose block starts at {@code off} in {@code region}. */
    public SlotCheck check(int node, byte[] region, int off, int blockBytes) {
        HeartbeatBlock block = HeartbeatBlock.decode(region, off);
        boolean genChanged = false;
        boolean badCrc = !HeartbeatBlock.checksumValid(region, off, blockBytes);
        if (badCrc) {
            // A freshly formatted area has no crc: no message for slots that are not live.
            if (!live.get(node)) {
                return result(node, Change.NONE, null, true, block);
            }
            log.error("Node %d has written a bad crc to %s", node, device);
            log.error("Dump slot information: seq = 0x%x, node = %d, cksum = 0x%x, generation 0x%x",
                    block.seq(), block.node(), block.checksumUnsigned(), block.generation());
            equalSamples[node]++;
        } else {
            if (lastTime[node] != block.seq()) {
                changedSamples[node]++;
            } else {
                equalSamples[node]++;
            }
            lastTime[node] = block.seq();
            if (lastGeneration[node] != block.generation()) {
                genChanged = true;
                equalSamples[node] = 0;
                log.debug("Node %d changed generation (0x%x to 0x%x)", node, lastGeneration[node], block.generation());
            }
            lastGeneration[node] = block.generation();
        }

        // dead nodes only come to life after some number of changes at any time during their dead time
        if (!live.get(node) && changedSamples[node] >= HeartbeatTiming.LIVE_THRESHOLD) {
            log.debug("Node %d (id 0x%x) joined my region", node, lastGeneration[node]);
            live.set(node);
            equalSamples[node] = 0;
            int slotDeadMs = block.deadMs();
            if (slotDeadMs != 0 && slotDeadMs != deadMs) {
                log.error("Node %d on device %s has a dead count of %d ms, but our count is %d ms.%n"
                        + "Please double check your configuration values for 'O2CB_HEARTBEAT_THRESHOLD'",
                        node, device, Integer.toUnsignedLong(slotDeadMs), deadMs);
            }
            return result(node, Change.UP, null, badCrc, block);
        }
        if (!live.get(node)) {
            return result(node, Change.NONE, null, badCrc, block);
        }
        // live nodes only go dead after enough consecutive missed samples
        if (equalSamples[node] >= deadThreshold || genChanged) {
            log.debug("Node %d left my region", node);
            live.clear(node);
            if (!genChanged) {
                changedSamples[node] = 0; // kept on a generation change: the node is still writing
            }
            DownReason reason = !genChanged ? DownReason.MISSED_SAMPLES
                    : block.generation() == 0 ? DownReason.CLEAN_STOP : DownReason.GENERATION_CHANGED;
            return result(node, Change.DOWN, reason, badCrc, block);
        }
        if (changedSamples[node] != 0) {
            changedSamples[node] = 0;
            equalSamples[node] = 0;
        }
        return result(node, Change.NONE, null, badCrc, block);
    }

    /** Drops every live node, as {@code o2hb_shutdown_slot} does for each slot when heartbeat stops cleanly. */
    public List<SlotCheck> shutdownAll() {
        List<SlotCheck> downs = new ArrayList<>();
        for (int n = live.nextSetBit(0); n >= 0; n = live.nextSetBit(n + 1)) {
            downs.add(new SlotCheck(n, Change.DOWN, DownReason.LOCAL_SHUTDOWN, false,
                    new HeartbeatBlock(lastTime[n], n, 0, lastGeneration[n], 0), equalSamples[n], changedSamples[n]));
        }
        live.clear();
        return downs;
    }

    /** True when {@code node} is live in this region. */
    public boolean isLive(int node) {
        return live.get(node);
    }

    /** The live nodes (a copy). */
    public BitSet liveNodes() {
        return (BitSet) live.clone();
    }

    /** The last sequence seen in the slot ({@code ds_last_time}). */
    public long lastSequence(int node) {
        return lastTime[node];
    }

    /** The last generation seen in the slot ({@code ds_last_generation}). */
    public long lastGeneration(int node) {
        return lastGeneration[node];
    }

    /** Consecutive unchanged samples ({@code ds_equal_samples}): the "missed" count. */
    public int equalSamples(int node) {
        return equalSamples[node];
    }

    private SlotCheck result(int node, Change change, DownReason reason, boolean badCrc, HeartbeatBlock block) {
        return new SlotCheck(node, change, reason, badCrc, block, equalSamples[node], changedSamples[node]);
    }
}
