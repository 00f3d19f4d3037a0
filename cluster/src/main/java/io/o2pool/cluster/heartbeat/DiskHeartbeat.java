package io.o2pool.cluster.heartbeat;

import io.o2pool.cluster.ClusterLog;
import io.o2pool.cluster.time.ClusterTime;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The o2hb loop of one node on one region ({@code heartbeat.c: o2hb_thread, o2hb_do_disk_heartbeat}): every
 * {@link HeartbeatTiming#REGION_TIMEOUT_MS} it reads the configured slots, checks its own slot, writes its
 * block, checks every slot for node up/down, and once steady re-arms the write timeout after each good
 * write; a write that has not completed within {@link HeartbeatTiming#writeTimeoutMs} reports
 * {@link HeartbeatListener#writeTimeout}, unless every live node's write hangs and the nodes agree to wait
 * ({@link WriteHangNegotiation}, armed with the write timeout). Runs on the node's {@link ClusterTime} thread; I/O
 * goes through {@link RegionIo} so a hung write never blocks the timer.
 */
public final class DiskHeartbeat {

    /** Lifecycle of the loop. */
    public enum State {
        /** Not started. */
        CREATED,
        /** Iterating, not yet steady: callers wait before trusting the live map. */
        STARTING,
        /** Steady: the write timeout is armed; membership is trustworthy. */
        STEADY,
        /** Stopping cleanly: the generation-0 block is being written. */
        STOPPING,
        /** Stopped cleanly: others dropped us at once. */
        STOPPED,
        /** Stopped uncleanly (fencing): no goodbye block, others will time us out. */
        STOPPED_UNCLEAN,
        /** Start failed: could not stabilize or read the region. */
        ABORTED
    }

    private final ClusterTime time;
    private final RegionIo io;
    private final ClusterLog log;
    private final int self;
    private final int deadThreshold;
    private final BitSet configured;
    private final LongSupplier generationSource;
    private final HeartbeatListener listener;
    private final String regionName;
    private final LivenessTracker tracker;
    private final WriteHangNegotiation negotiation;
    private int lowest;
    private int highest;

    private State state = State.CREATED;
    private long generation;
    private int steadyLeft = HeartbeatTiming.steadyIterations();
    private int unsteadyLeft = HeartbeatTiming.steadyIterations() * 3;
    private long iterationStartMs;
    private long plannedStartMs = -1;
    private long writeStartMs;
    private long lastTimeoutStartMs;
    private volatile boolean writeCompletionQueued;
    private boolean writeInFlight;
    private boolean goodWriteSeen;
    private boolean writeTimeoutArmed;
    private boolean lastHeartbeatFailed;
    private ClusterTime.Timer nextIteration;
    private ClusterTime.Timer writeTimer;

    /**
     * A heartbeat without a network ({@link NegoChannel#NONE}): as a lone node it still negotiates with itself, as
     * the kernel's master does.
     */
    public DiskHeartbeat(ClusterTime time, RegionIo io, ClusterLog log, int self, int deadThreshold, BitSet configured,
            LongSupplier generationSource, String regionName, HeartbeatListener listener) {
        this(time, io, log, self, deadThreshold, configured, generationSource, regionName, NegoChannel.NONE, listener);
    }

    /**
     * A heartbeat for node {@code self} on {@code io}, watching the {@code configured} node numbers.
     *
     * @param generationSource gives the random non-zero generation at start (retried while it gives 0)
     * @param regionName       the region's name (the filesystem UUID for an OCFS2 volume): in logs, and the key of
     *                         the write-hang negotiation's o2net messages
     * @param negoChannel      the o2net messages of the write-hang negotiation
     */
    public DiskHeartbeat(ClusterTime time, RegionIo io, ClusterLog log, int self, int deadThreshold, BitSet configured,
            LongSupplier generationSource, String regionName, NegoChannel negoChannel, HeartbeatListener listener) {
        if (self < 0 || self >= io.slotCount()) {
            throw new IllegalArgumentException("node " + self + " has no slot in region " + io.describe() + " of "
                    + io.slotCount() + " slots; use a node number below " + io.slotCount());
        }
        this.time = time;
        this.io = io;
        this.log = log.forComponent(DiskHeartbeat.class);
        this.self = self;
        this.deadThreshold = deadThreshold;
        this.configured = (BitSet) configured.clone();
        this.configured.set(self);
        this.generationSource = generationSource;
        this.regionName = regionName;
        this.listener = listener;
        this.tracker = new LivenessTracker(deadThreshold, io.describe(), this.log);
        this.negotiation = new WriteHangNegotiation(time, log, self, HeartbeatTiming.writeTimeoutMs(deadThreshold),
                regionName, io.describe(), negoChannel, tracker::liveNodes, () -> lastHeartbeatFailed,
                this::armWriteTimeout);
        this.lowest = this.configured.nextSetBit(0);
        this.highest = this.configured.length() - 1;
        if (highest >= io.slotCount()) {
            throw new IllegalArgumentException("node " + highest + " has no slot in region " + io.describe() + " of "
                    + io.slotCount() + " slots");
        }
    }

    /** Starts the loop: reads the region as a baseline, then iterates at once and every 2000 ms. */
    public void start() {
        if (state != State.CREATED) {
            throw new IllegalStateException("heartbeat already started (" + state + ")");
        }
        state = State.STARTING;
        negotiation.register();
        do {
            generation = generationSource.getAsLong();
        } while (generation == 0); // generation of zero is invalid (o2hb_region_dev_store)
        io.read(0, io.slotCount()).whenComplete((data, err) -> time.execute(() -> populated(data, err)));
    }

    /**
     * Stops cleanly ({@code o2hb_thread} exit path): disarms the write timeout, reports every live node down,
     * and writes a last block with generation 0 so the others drop this node at once.
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (state != State.STARTING && state != State.STEADY) {
            done.complete(null);
            return done;
        }
        state = State.STOPPING;
        cancelTimers();
        for (SlotCheck down : tracker.shutdownAll()) {
            listener.nodeDown(down);
        }
        HeartbeatBlock last = HeartbeatBlock.prepare(wallSeconds(), self, 0, HeartbeatTiming.deadMs(deadThreshold),
                io.blockBytes());
        io.write(self, last.encode(io.blockBytes())).whenComplete((v, err) -> time.execute(() -> {
            if (err != null) {
                log.error("Write error %d on device \"%s\"", -5, io.describe());
            }
            state = State.STOPPED;
            negotiation.unregister();
            done.complete(null);
        }));
        return done;
    }

    /**
     * Stops at once without a goodbye block, as fencing does ({@code o2hb_stop_all_regions} sets
     * {@code hr_unclean_stop}): the others see this node die only after their dead threshold.
     */
    public void stopUnclean() {
        if (state == State.STOPPED || state == State.STOPPED_UNCLEAN || state == State.ABORTED) {
            return;
        }
        state = State.STOPPED_UNCLEAN;
        cancelTimers();
        negotiation.unregister();
    }

    /**
     * Starts checking slot {@code node} from the next iteration on, for a node added to the running cluster (the
     * kernel's configured-node map grows the same way): the slot's baseline is what it held when the heartbeat
     * started, so a node that has been writing since comes up after {@link HeartbeatTiming#LIVE_THRESHOLD} samples.
     * On the node's thread.
     *
     * @throws IllegalArgumentException when the region has no slot {@code node}
     */
    public void addNode(int node) {
        if (node < 0 || node >= io.slotCount()) {
            throw new IllegalArgumentException("node " + node + " has no slot in region " + io.describe() + " of "
                    + io.slotCount() + " slots; use a node number below " + io.slotCount());
        }
        configured.set(node);
        lowest = configured.nextSetBit(0);
        highest = configured.length() - 1;
    }

    /** The loop's state. */
    public State state() {
        return state;
    }

    /** This start's generation (0 before start). */
    public long generation() {
        return generation;
    }

    /** The liveness of every slot, for the membership view; read on the node's thread. */
    public LivenessTracker tracker() {
        return tracker;
    }

    /** The write-hang negotiation (read on the node's thread or in a fake-time test). */
    public WriteHangNegotiation negotiation() {
        return negotiation;
    }

    /**
     * This node's own writes now, for heartbeat health: whether the write timeout is armed, the time since the last
     * good write ({@code elapsed_time_in_ms}: {@code hr_last_timeout_start} is set after every write that completed
     * with the own slot intact, steady or not; null before the first) and how long the write in flight has waited.
     * On the node's thread.
     */
    public OwnWrite ownWrite() {
        long now = time.nowMs();
        return new OwnWrite(writeTimeoutArmed && running(), goodWriteSeen ? now - lastTimeoutStartMs : null,
                writeInFlight && running() ? now - writeStartMs : 0);
    }

    /**
     * This node's own writes at one moment ({@link #ownWrite()}).
     *
     * @param writeTimeoutArmed     the write timeout is armed
     * @param msSinceLastGoodWrite  ms since the last good write; null before the first
     * @param writePendingMs        ms the write in flight has waited; 0 when none
     */
    public record OwnWrite(boolean writeTimeoutArmed, Long msSinceLastGoodWrite, long writePendingMs) {
    }

    /** The region's name for logs. */
    public String describe() {
        return io.describe();
    }

    private void populated(byte[] data, Throwable err) {
        if (state != State.STARTING) {
            return;
        }
        if (err != null) {
            abort("o2hb: could not read region " + regionName + " (" + io.describe() + "): " + rootMessage(err));
            return;
        }
        for (int slot = 0; slot < io.slotCount(); slot++) {
            tracker.populate(slot, data, slot * io.blockBytes());
        }
        iterate();
    }

    private void iterate() {
        if (!running()) {
            return;
        }
        iterationStartMs = time.nowMs();
        if (plannedStartMs < 0) {
            plannedStartMs = iterationStartMs;
        }
        // the slots of this read: a node added before the read completes is checked from the next iteration on
        int first = lowest;
        BitSet slots = (BitSet) configured.clone();
        io.read(first, highest - first + 1)
                .whenComplete((data, err) -> time.execute(() -> afterRead(data, err, first, slots)));
    }

    private void afterRead(byte[] data, Throwable err, int first, BitSet slots) {
        if (!running()) {
            return;
        }
        if (err != null) {
            log.error("o2hb: read error on device %s: %s", io.describe(), rootMessage(err));
            finishIteration(false, false, false);
            return;
        }
        int bb = io.blockBytes();
        int ownOff = (self - first) * bb;
        HeartbeatBlock onDisk = HeartbeatBlock.decode(data, ownOff);
        long lastSeq = tracker.lastSequence(self);
        long lastGen = tracker.lastGeneration(self);
        OwnSlotCheck own = OwnSlotCheck.judge(self, lastSeq, lastGen, onDisk);
        if (own.kernelText() != null) {
            log.error("%s", own.message(io.describe(), self, lastSeq, lastGen, onDisk));
        }
        boolean ownOk = own == OwnSlotCheck.OK;

        // fill in the proper info for our next heartbeat; our slot is then checked from what we write
        byte[] block = HeartbeatBlock.prepare(wallSeconds(), self, generation, HeartbeatTiming.deadMs(deadThreshold), bb)
                .encode(bb);
        System.arraycopy(block, 0, data, ownOff, bb);
        writeStartMs = time.nowMs();
        writeInFlight = true;
        CompletableFuture<Void> write = io.write(self, block);

        boolean membershipChange = false;
        for (int node = slots.nextSetBit(0); node >= 0; node = slots.nextSetBit(node + 1)) {
            SlotCheck check = tracker.check(node, data, (node - first) * bb, bb);
            listener.sampled(check);
            switch (check.change()) {
                case UP -> {
                    membershipChange = true;
                    listener.nodeUp(check);
                }
                case DOWN -> {
                    membershipChange = true;
                    listener.nodeDown(check);
                }
                case NONE -> { }
            }
            if (!running()) {
                return;
            }
        }
        boolean change = membershipChange;
        write.whenComplete((v, werr) -> {
            writeCompletionQueued = true;
            time.execute(() -> afterWrite(werr, ownOk, change));
        });
    }

    private void afterWrite(Throwable err, boolean ownOk, boolean membershipChange) {
        writeCompletionQueued = false;
        writeInFlight = false;
        if (!running()) {
            return;
        }
        listener.writeCompleted(time.nowMs() - writeStartMs, err != null);
        if (err != null) {
            // do not re-arm the write timeout on I/O error: the block may never have reached the disk
            log.error("Write error %d on device \"%s\"", -5, io.describe());
            finishIteration(false, ownOk, membershipChange);
            return;
        }
        if (ownOk) {
            armWriteTimeout();
            lastTimeoutStartMs = time.nowMs(); // hr_last_timeout_start: set whether or not the timer was armed
            goodWriteSeen = true;
        }
        finishIteration(true, ownOk, membershipChange);
    }

    private void finishIteration(boolean ok, boolean ownOk, boolean membershipChange) {
        lastHeartbeatFailed = !ok; // hr_last_hb_status: a failed iteration stops the negotiation
        if (steadyLeft != 0 && ok && ownOk && !membershipChange) {
            if (--steadyLeft == 0) {
                state = State.STEADY;
                listener.steady();
            }
        }
        if (steadyLeft != 0 && --unsteadyLeft == 0) {
            abort(String.format("o2hb: Unable to stabilize heartbeat on region %s (%s)", regionName, io.describe()));
            return;
        }
        // keep a fixed period (o2hb_thread sleeps the rest of hr_timeout_ms): the time spent in the iteration and
        // a late timer count against the 2000 ms, so lateness does not accumulate; after a stall, resynchronise
        plannedStartMs += HeartbeatTiming.REGION_TIMEOUT_MS;
        long delay = plannedStartMs - time.nowMs();
        if (delay < 0) {
            plannedStartMs = time.nowMs();
            delay = 0;
        }
        nextIteration = time.schedule(delay, this::iterate);
    }

    /**
     * {@code o2hb_arm_timeout}: after a good write, or when the negotiation approved a wait. Arms the write timeout only
     * once the region is steady (so a write that hangs before the first arming is not timed: the others' dead
     * threshold and quorum decide, as in the kernel), and the negotiate timer with it.
     */
    private void armWriteTimeout() {
        if (steadyLeft != 0 || !running()) {
            return;
        }
        if (writeTimer != null) {
            writeTimer.cancel();
        }
        writeTimer = time.schedule(HeartbeatTiming.writeTimeoutMs(deadThreshold), this::writeTimedOut);
        writeTimeoutArmed = true;
        negotiation.arm();
    }

    private void writeTimedOut() {
        if (!running()) {
            return;
        }
        if (writeCompletionQueued) {
            // a completed write is waiting behind us (late scheduler): judge after it has been processed
            writeTimer = time.schedule(0, this::writeTimedOut);
            return;
        }
        writeTimeoutArmed = false;
        long elapsed = time.nowMs() - lastTimeoutStartMs;
        log.error("Heartbeat write timeout to device %s after %d milliseconds", io.describe(), elapsed);
        listener.writeTimeout(elapsed);
    }

    private void abort(String message) {
        log.notice("%s", message);
        state = State.ABORTED;
        cancelTimers();
        negotiation.unregister();
        listener.startAborted(message);
    }

    private boolean running() {
        return state == State.STARTING || state == State.STEADY;
    }

    private void cancelTimers() {
        if (nextIteration != null) {
            nextIteration.cancel();
        }
        if (writeTimer != null) {
            writeTimer.cancel();
        }
        writeTimeoutArmed = false;
        negotiation.disarm();
    }

    private long wallSeconds() {
        return time.wallClock().getEpochSecond();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
