package io.o2pool.agent.stack.kernel;

import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.cluster.health.HealthJudge;
import io.o2pool.cluster.health.HealthWarning;
import io.o2pool.cluster.health.OwnWriteHealth;
import io.o2pool.cluster.health.PeerHealth;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The kernel node's heartbeat health as the agent API's {@link HeartbeatReport}, from what the kernel exposes:
 * {@link ElapsedSawtooth} (own writes), {@link SlotAges} (peers' on-disk {@code seq}), {@code o2hb/livenodes},
 * {@code o2net/connected_nodes} and {@link SockContainers} (last data from each peer), judged by the userspace stack's
 * {@link HealthJudge} with the kernel's bounds. Per-write latency percentiles are null: the kernel has no counter for
 * them. Pure.
 *
 * <p>One bound more than the userspace stack's: a write <b>overdue</b> — none completed for more than
 * {@link #OVERDUE_MS}, two o2hb intervals, so a whole cycle's write is missing — is a {@code heartbeat.slow} warning
 * already. The kernel shows no write in progress, only the time since the last one completed, and healthy that
 * sawtooth peaks at ~2000 ms (2012 ms at most over 7 runs, 3620 ms on a disk throttled to 512 B/s: forensics.md
 * §1.4). At the lowest threshold (7) half the write timeout is 6000 ms and the fence comes 6000 ms later, less than a
 * sampling second plus a manager's poll need to show it in time; an overdue write is seen 2000 ms earlier.
 */
public final class KernelHeartbeat {
    /** No completed write for longer than this: a heartbeat cycle's write is missing. */
    public static final long OVERDUE_MS = 2L * HeartbeatTiming.REGION_TIMEOUT_MS;

    /** A configured peer: its name and number. */
    public record Peer(String name, int number) {
    }

    private KernelHeartbeat() {
    }

    /**
     * The report at {@code at} (wall clock) / monotonic {@code nowMs} and {@code nowUs}.
     *
     * @param deadThreshold  {@code O2CB_HEARTBEAT_THRESHOLD}: peers are dead after this many unchanged samples
     * @param peers          the other configured nodes
     * @param live           node numbers o2hb sees live (null: unknown)
     * @param connected      node numbers o2net is connected to (null: unknown)
     * @param containers     o2net's sockets, by remote node name
     */
    public static HeartbeatReport report(String node, Instant at, long nowMs, long nowUs, ElapsedSawtooth own,
            int deadThreshold, List<Peer> peers, SlotAges slots, BitSet live, BitSet connected,
            Map<String, SockContainers.Container> containers) {
        Long maxGap = own.maxGapMs(nowMs);
        OwnWriteHealth ownHealth = new OwnWriteHealth(own.writeTimeoutMs(), true, own.msSinceLastGoodWrite(nowMs), 0,
                ElapsedSawtooth.WINDOW_MS, own.writes(nowMs), 0, 0, maxGap == null ? 0 : maxGap,
                own.nearMissesHalf(nowMs), own.nearMissesThreeQuarters(nowMs), own.totalWrites(),
                own.totalNearMissesHalf(), own.totalNearMissesThreeQuarters());
        long deadBoundMs = deadThreshold * 2000L;
        List<PeerHealth> peerHealth = new ArrayList<>();
        for (Peer p : peers) {
            SockContainers.Container sc = containers.get(p.name());
            boolean isConnected = connected != null && connected.get(p.number());
            peerHealth.add(new PeerHealth(p.name(), p.number(), live != null && live.get(p.number()),
                    slots.lastChangeAgeMs(p.number(), nowMs), -1, deadThreshold, deadBoundMs,
                    isConnected ? "CONNECTED" : "NOT_CONNECTED",
                    isConnected && sc != null && sc.handshakeOk() ? sc.lastMessageAgeMs(nowUs) : null));
        }
        List<HealthWarning> warnings = new ArrayList<>(HealthJudge.warnings(ownHealth, peerHealth, false));
        Long since = ownHealth.msSinceLastGoodWrite();
        if (since != null && since > OVERDUE_MS
                && warnings.stream().noneMatch(w -> w.kind() == HealthWarning.Kind.SLOW_WRITE)) {
            warnings.addFirst(new HealthWarning(HealthWarning.Kind.SLOW_WRITE, null, String.format(
                    "no heartbeat write completed for %d ms: o2hb writes every %d ms, so a write is overdue (half the"
                            + " write timeout, %d ms, is the kernel's own warning; the node fences itself at %d ms)",
                    since, HeartbeatTiming.REGION_TIMEOUT_MS, own.writeTimeoutMs() / 2, own.writeTimeoutMs())));
        }
        HeartbeatReport.OwnWrites writes = new HeartbeatReport.OwnWrites(own.writeTimeoutMs(), null,
                ownHealth.msSinceLastGoodWrite(), null, ElapsedSawtooth.WINDOW_MS, ownHealth.writes(), null, null,
                maxGap, ownHealth.nearMissesHalf(), ownHealth.nearMissesThreeQuarters(), own.totalWrites(),
                own.totalNearMissesHalf(), own.totalNearMissesThreeQuarters());
        return new HeartbeatReport("kernel", node, at, warnings.isEmpty() ? "OK" : "WARNING",
                warnings.stream().map(w -> new HeartbeatReport.Warning(w.kind().eventKind(), w.peer(),
                        w.message())).toList(), writes,
                peerHealth.stream().map(p -> new HeartbeatReport.Peer(p.name(), p.number(), p.live(),
                        p.lastChangeAgeMs(), null, p.deadBoundMs(), p.connection(), p.lastMessageAgeMs())).toList(),
                "sampled every second from debugfs (o2hb elapsed_time_in_ms, livenodes, o2net connected_nodes and "
                        + "sock_containers) and the region's slots on disk (peers' seq, 1-s resolution); the kernel has no "
                        + "per-write latency: max_ms is the longest gap between completed writes");
    }
}
