package io.o2pool.agent.stack;

import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import io.o2pool.agent.stack.kernel.ElapsedSawtooth;
import io.o2pool.agent.stack.kernel.KernelHeartbeat;
import io.o2pool.agent.stack.kernel.SlotAges;
import io.o2pool.agent.stack.kernel.SockContainers;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Samples the kernel stack's heartbeat health once per {@link #sample()} — the agent calls it every second — from
 * debugfs ({@code o2hb/<region>/elapsed_time_in_ms}, {@code o2hb/livenodes}, {@code o2net/connected_nodes}; not
 * {@code o2net/sock_containers}, whose every read logs a kernel warning) and the on-disk heartbeat of the region's device (a direct read-only read of its
 * slots, else {@code debugfs.ocfs2 -R hb}), and
 * answers the last report ({@link #report()}). What it can read it reads; a missing file or a failing command leaves
 * that figure unknown and says so in the note. The device is read on a thread of its own and waited for at most
 * {@link #SLOT_WAIT_MS}: when the shared disk stalls — the very case the health is for — that read blocks in the
 * kernel until the I/O returns, and it must not hold up the samples of {@code elapsed_time_in_ms} that show the stall
 * (nor {@link #report()}); at most one read is outstanding. Thread-safe.
 */
final class KernelHealthSampler implements AutoCloseable {
    /** How long a sample waits for the device read of the slots before it reports without them. */
    static final long SLOT_WAIT_MS = 500;

    private final Configfs configfs;
    private final O2hbLiveNodes debugfs;
    private final CommandRunner runner;
    private final Clock clock;
    private final LongSupplier monotonicNanos;
    private String region;
    private ElapsedSawtooth own;
    private SlotAges slots = new SlotAges();
    private HeartbeatReport last;
    private final SlotSource deviceSlots;
    private final ExecutorService slotReads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernel-heartbeat-slot-read");
        t.setDaemon(true);
        return t;
    });
    /** The device read of the slots not yet taken: its region and device, when it was started, its result. */
    private PendingRead pending;

    private record PendingRead(String region, String dev, long startedMs, Future<SlotRead> result) {
    }

    /** The slots read from the device (the read started at monotonic {@code startedMs}), or why they could not be. */
    private record SlotRead(Optional<Map<Integer, SlotAges.Slot>> slots, String failure, long startedMs) {
        SlotRead at(long ms) {
            return new SlotRead(slots, failure, ms);
        }
    }

    /**
     * @param monotonicNanos the monotonic clock the kernel's {@code ktime} values are on ({@code CLOCK_MONOTONIC}:
     *                       {@link System#nanoTime()} on Linux)
     */
    KernelHealthSampler(Configfs configfs, O2hbLiveNodes debugfs, CommandRunner runner, Clock clock,
            LongSupplier monotonicNanos) {
        this(configfs, debugfs, runner, clock, monotonicNanos, DeviceSlots::read);
    }

    KernelHealthSampler(Configfs configfs, O2hbLiveNodes debugfs, CommandRunner runner, Clock clock,
            LongSupplier monotonicNanos, SlotSource deviceSlots) {
        this.deviceSlots = deviceSlots;
        this.configfs = configfs;
        this.debugfs = debugfs;
        this.runner = runner;
        this.clock = clock;
        this.monotonicNanos = monotonicNanos;
    }

    /** The last sample's report; UNKNOWN before the first or while no region heartbeats. */
    synchronized HeartbeatReport report() {
        return last != null ? last : HeartbeatReport.unknown("kernel", null, clock.instant(),
                "not sampled yet: the agent samples the kernel's heartbeat every second");
    }

    /** Takes one sample now. */
    synchronized void sample() {
        long nowNanos = monotonicNanos.getAsLong();
        long nowMs = nowNanos / 1_000_000;
        Optional<String> cluster = configfs.cluster();
        List<String> regions = cluster.map(configfs::regions).orElse(List.of());
        if (cluster.isEmpty() || regions.isEmpty()) {
            last = HeartbeatReport.unknown("kernel", null, clock.instant(), cluster.isEmpty()
                    ? "the o2cb cluster is not online" : "no heartbeat region: the repository is not mounted");
            region = null;
            return;
        }
        String name = cluster.get();
        int threshold = configfs.clusterAttribute(name, "heartbeat/dead_threshold").map(String::strip)
                .map(Integer::valueOf).orElse(HeartbeatTiming.DEFAULT_DEAD_THRESHOLD);
        if (!regions.getFirst().equals(region) || own == null
                || own.writeTimeoutMs() != HeartbeatTiming.writeTimeoutMs(threshold)) {
            region = regions.getFirst();
            own = new ElapsedSawtooth(HeartbeatTiming.writeTimeoutMs(threshold));
            slots = new SlotAges();
        }
        List<String> missing = new ArrayList<>();
        readLong(debugfs.debugfs().resolve("o2hb").resolve(region).resolve("elapsed_time_in_ms"))
                .ifPresentOrElse(e -> own.sample(nowMs, e), () -> missing.add("elapsed_time_in_ms"));
        Optional<String> dev = configfs.clusterAttribute(name, "heartbeat/" + region + "/dev").map(String::strip);
        // the peers' ages are what this sample read; a read that did not return says nothing of them (on a node whose
        // own disk stalls, its peers' slots would seem to stop changing: a false peer-stale for healthy peers)
        SlotAges ages = slots;
        if (dev.isPresent() && !dev.get().isEmpty()) {
            SlotRead read = boundedSlotRead(name, dev.get(), nowMs);
            if (read.slots().isPresent()) {
                slots.sample(read.startedMs(), read.slots().get());
            } else {
                missing.add("the on-disk heartbeat of /dev/" + dev.get() + " (" + read.failure() + ")");
                ages = new SlotAges();
            }
        }
        String local = null;
        List<KernelHeartbeat.Peer> peers = new ArrayList<>();
        for (String node : configfs.nodes(name)) {
            int number = configfs.nodeAttribute(name, node, "num").map(String::strip).map(Integer::valueOf).orElse(-1);
            if (configfs.nodeAttribute(name, node, "local").orElse("0").strip().equals("1")) {
                local = node;
            } else if (number >= 0) {
                peers.add(new KernelHeartbeat.Peer(node, number));
            }
        }
        // not o2net/sock_containers: every read of it makes the 6.1 kernel log "seq_file: buggy .next function
        // sc_seq_next [ocfs2_nodemanager] did not update position index", which would bury the o2net/o2hb lines
        // fence forensics needs under one line per second (seen in ./test e2e-kvm); so no per-peer last-message age
        Map<String, SockContainers.Container> containers = new HashMap<>();
        BitSet live = debugfs.read().orElse(null);
        BitSet connected = debugfs.connected().orElse(null);
        HeartbeatReport r = KernelHeartbeat.report(local, clock.instant(), nowMs, nowNanos / 1000, own, threshold,
                peers, ages, live, connected, containers);
        last = missing.isEmpty() ? r : new HeartbeatReport(r.driver(), r.node(), r.at(), r.level(), r.warnings(),
                r.own(), r.peers(), r.note() + "; not readable: " + String.join(", ", missing));
    }

    /**
     * The outstanding device read's result if it returns within {@link #SLOT_WAIT_MS}, starting one when none is
     * outstanding; a read still blocked is left running (the next sample takes its result) and said to be so.
     */
    private SlotRead boundedSlotRead(String cluster, String dev, long nowMs) {
        boolean started = false;
        if (pending == null || !pending.region().equals(region) || !pending.dev().equals(dev)) {
            if (pending == null || pending.result().isDone()) {
                String r = region;
                pending = new PendingRead(r, dev, nowMs, slotReads.submit(() -> readSlots(cluster, r, dev)));
                started = true;
            }
        }
        try {
            SlotRead read = pending.result().get(started ? SLOT_WAIT_MS : 0, TimeUnit.MILLISECONDS)
                    .at(pending.startedMs());
            pending = null;
            return read;
        } catch (TimeoutException e) {
            return new SlotRead(Optional.empty(), started ? "the read has not returned within " + SLOT_WAIT_MS
                    + " ms" : "a read of /dev/" + pending.dev() + " started " + (nowMs - pending.startedMs())
                    + " ms ago has not returned: the device does not answer", nowMs);
        } catch (ExecutionException e) {
            pending = null;
            return new SlotRead(Optional.empty(), "the read failed: " + e.getCause(), nowMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SlotRead(Optional.empty(), "interrupted", nowMs);
        }
    }

    /**
     * The region's slots: straight from the device (direct, read-only) at the geometry configfs shows, else through
     * {@code debugfs.ocfs2 -R hb}; empty, with the reason, when neither works. Runs on the slot-read thread.
     */
    private SlotRead readSlots(String cluster, String region, String dev) {
        String base = "heartbeat/" + region + "/";
        Optional<Long> start = configfs.clusterAttribute(cluster, base + "start_block").map(String::strip)
                .filter(v -> v.matches("\\d+")).map(Long::valueOf);
        Optional<Integer> bytes = configfs.clusterAttribute(cluster, base + "block_bytes").map(String::strip)
                .filter(v -> v.matches("\\d+")).map(Integer::valueOf);
        Optional<Integer> blocks = configfs.clusterAttribute(cluster, base + "blocks").map(String::strip)
                .filter(v -> v.matches("\\d+")).map(Integer::valueOf);
        String direct = "configfs shows no start_block/block_bytes/blocks";
        if (start.isPresent() && bytes.isPresent() && blocks.isPresent()) {
            try {
                return new SlotRead(Optional.of(deviceSlots.read(Path.of("/dev", dev), start.get(), bytes.get(),
                        blocks.get())), null, 0);
            } catch (IOException | RuntimeException e) {
                direct = e.getMessage();
            }
        }
        CommandResult hb = runner.run(List.of("debugfs.ocfs2", "-R", "hb", "/dev/" + dev));
        if (hb.ok()) {
            return new SlotRead(Optional.of(SlotAges.parseHb(hb.stdout())), null, 0);
        }
        return new SlotRead(Optional.empty(), "direct read: " + direct + "; debugfs.ocfs2 -R hb exited "
                + hb.exitCode(), 0);
    }

    /** Stops the slot-read thread (one blocked in the kernel ends when its I/O returns: a daemon thread). */
    @Override
    public void close() {
        slotReads.shutdownNow();
    }

    /** Reads a region's slots from a device (a seam: tests have no kernel region). */
    @FunctionalInterface
    interface SlotSource {
        Map<Integer, SlotAges.Slot> read(Path device, long startBlock, int blockBytes, int blocks) throws IOException;
    }

    private static Optional<Long> readLong(Path file) {
        return readText(file).map(String::strip).filter(t -> t.matches("\\d+")).map(Long::valueOf);
    }

    private static Optional<String> readText(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
