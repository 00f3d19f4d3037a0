package io.o2pool.testkit.cluster;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.membership.EventType;
import io.o2pool.cluster.membership.MembershipEvent;
import io.o2pool.cluster.net.Transport;
import io.o2pool.testkit.FakeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An in-process cluster of {@link ClusterNode}s on fake time, a shared in-memory region and an in-memory
 * network: a 60-second scenario runs in milliseconds, with faults as calls ({@link #partition},
 * {@link #crash}, {@link #stallDisk}, {@link #failDisk}). Node {@code i} is {@code node<i>} at 127.0.1.(i+1):7777
 * with number i. Fencing uses the {@code stop} action on the test thread. Confined to the test thread.
 */
public final class LocalPool implements AutoCloseable {
    private final FakeScheduler scheduler = FakeScheduler.create();
    private final FakeTime time = new FakeTime(scheduler);
    private final MemoryRegion region = new MemoryRegion();
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<MemoryRegion.NodeIo> ios = new ArrayList<>();
    private final List<List<MembershipEvent>> events = new ArrayList<>();
    private final AtomicLong generations = new AtomicLong(0x1000);

    private LocalPool(int count, int threshold, List<UnaryOperator<ClusterNodeConfig>> tweaks, List<String> regionNames) {
        List<NodeAddress> addresses = IntStream.range(0, count)
                .mapToObj(i -> new NodeAddress("node" + i, i, ip(i), 7777)).toList();
        for (int i = 0; i < count; i++) {
            ClusterNodeConfig cfg = ClusterNodeConfig.defaults("node" + i, addresses).withDeadThreshold(threshold);
            if (tweaks.size() > i && tweaks.get(i) != null) {
                cfg = tweaks.get(i).apply(cfg);
            }
            MemoryRegion.NodeIo io = region.ioFor();
            Transport transport = network.transportFor(ip(i));
            List<MembershipEvent> seen = new ArrayList<>();
            String regionName = regionNames.size() > i ? regionNames.get(i) : "memory-region";
            ClusterNode node = ClusterNode.builder(cfg).time(time).region(io, regionName).transport(transport)
                    .generationSource(generations::incrementAndGet).fenceActionExecutor(Runnable::run)
                    .listener(seen::add).build();
            nodes.add(node);
            ios.add(io);
            events.add(seen);
        }
    }

    /** {@code count} nodes with dead threshold {@code threshold} and default o2net timeouts. */
    public static LocalPool of(int count, int threshold) {
        return withTweaks(count, threshold);
    }

    /** Like {@link #of} with node {@code i}'s configuration changed by {@code tweaks[i]} (null: unchanged). */
    @SafeVarargs
    public static LocalPool withTweaks(int count, int threshold, UnaryOperator<ClusterNodeConfig>... tweaks) {
        List<UnaryOperator<ClusterNodeConfig>> list = new ArrayList<>();
        for (UnaryOperator<ClusterNodeConfig> t : tweaks) {
            list.add(t);
        }
        return new LocalPool(count, threshold, list, List.of());
    }

    /**
     * One node per name, each heartbeating in the shared region under that region name (default
     * {@code memory-region}): a node with another name has other o2net keys for the o2hb negotiation messages, as a
     * node without the negotiation (a kernel before 4.7) has no handlers for them.
     */
    public static LocalPool withRegionNames(int threshold, String... names) {
        return new LocalPool(names.length, threshold, List.of(), List.of(names));
    }

    /** The address of node {@code i}: 127.0.1.(i+1). */
    public static String ip(int i) {
        return "127.0.1." + (i + 1);
    }

    /** Starts every node in number order at the current instant (their first iterations run at once). */
    public void startAll() {
        nodes.forEach(ClusterNode::start);
        scheduler.runDue();
    }

    /** Starts node {@code i} now. */
    public void start(int i) {
        nodes.get(i).start();
        scheduler.runDue();
    }

    /** Moves fake time forward, running every node's work on the way. */
    public void advance(Duration d) {
        scheduler.advance(d);
    }

    /** Moves fake time forward by {@code ms}. */
    public void advanceMs(long ms) {
        scheduler.advanceMs(ms);
    }

    /** Fake monotonic milliseconds since the pool was made. */
    public long nowMs() {
        return scheduler.nowMs();
    }

    public ClusterNode node(int i) {
        return nodes.get(i);
    }

    /** Names node {@code i} sees live on the disk heartbeat, sorted. */
    public List<String> liveSeenBy(int i) {
        return nodes.get(i).membership().liveNodes().stream().sorted().toList();
    }

    /** Peers node {@code i} is connected to, sorted. */
    public List<String> connectedSeenBy(int i) {
        return nodes.get(i).membership().connectedPeers().stream().sorted().toList();
    }

    /** Node numbers that have fenced themselves. */
    public Set<Integer> fenced() {
        return IntStream.range(0, nodes.size()).filter(i -> nodes.get(i).state() == ClusterNode.State.FENCED).boxed()
                .collect(Collectors.toSet());
    }

    /** Events node {@code i} reported, oldest first. */
    public List<MembershipEvent> events(int i) {
        return List.copyOf(events.get(i));
    }

    /** Events of {@code type} node {@code i} reported about {@code peer}. */
    public List<MembershipEvent> events(int i, EventType type, String peer) {
        return events.get(i).stream().filter(e -> e.type() == type && e.peer().equals(peer)).toList();
    }

    /** Drops traffic between the groups of node numbers (the disk stays shared). */
    @SafeVarargs
    public final void partition(Set<Integer>... groups) {
        List<Set<String>> ips = new ArrayList<>();
        for (Set<Integer> g : groups) {
            ips.add(g.stream().map(LocalPool::ip).collect(Collectors.toSet()));
        }
        network.partition(ips);
    }

    /** Removes every partition. */
    public void heal() {
        network.heal();
    }

    /** Kills node {@code i} like {@code kill -9}: no goodbye block, its sockets reset. */
    public void crash(int i) {
        nodes.get(i).crash();
        scheduler.runDue();
        network.crash(ip(i));
        scheduler.runDue();
    }

    /** Stops node {@code i} cleanly. */
    public void stopClean(int i) {
        nodes.get(i).stop();
        scheduler.runDue();
    }

    /** From now on node {@code i}'s heartbeat writes hang. */
    public void stallDisk(int i) {
        ios.get(i).stallWrites();
    }

    /** From now on node {@code i}'s heartbeat writes fail with EIO (its path to the shared disk is gone). */
    public void failDisk(int i) {
        ios.get(i).failWrites();
    }

    /** Node {@code i}'s hung writes complete now. */
    public void releaseDisk(int i) {
        ios.get(i).release();
        scheduler.runDue();
    }

    /** Runs {@code task} now and every {@code periodMs} on the pool's fake time (a scripted fault). */
    public void every(long periodMs, Runnable task) {
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            task.run();
            time.schedule(periodMs, self[0]);
        };
        time.execute(self[0]);
        scheduler.runDue();
    }

    /** The shared region. */
    public MemoryRegion region() {
        return region;
    }

    @Override
    public void close() {
        nodes.forEach(ClusterNode::close);
    }
}
