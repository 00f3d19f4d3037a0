package io.o2pool.cluster.health;

import java.util.ArrayList;
import java.util.List;

/**
 * When a node's heartbeat deserves a warning, before anything is fenced. Pure. The bounds are the kernel's own:
 * o2hb warns ({@code "hb write hung for %ds"}, the negotiate timer) when a write has not completed after half the
 * write timeout ({@code O2HB_NEGO_TIMEOUT_MS}) and fences at the full timeout; a peer is declared dead after
 * {@code dead_threshold} unchanged samples. So:
 * <ul>
 *   <li>{@link HealthWarning.Kind#SLOW_WRITE}: no good write for more than half the write timeout (hung or failing
 *       now), or any write in the window took more than half of it (a near miss);</li>
 *   <li>{@link HealthWarning.Kind#PEER_STALE}: a live peer's slot unchanged for more than half its dead bound.</li>
 * </ul>
 */
public final class HealthJudge {
    private HealthJudge() {
    }

    /** The warnings for {@code own} and {@code peers}; empty when all is well. */
    public static List<HealthWarning> warnings(OwnWriteHealth own, List<PeerHealth> peers) {
        return warnings(own, peers, true);
    }

    /**
     * As {@link #warnings(OwnWriteHealth, List)}; with {@code perWriteLatency} false (the kernel stack, which exposes
     * only the time since the last completed write) the figures are gaps between completed writes, not latencies.
     */
    public static List<HealthWarning> warnings(OwnWriteHealth own, List<PeerHealth> peers, boolean perWriteLatency) {
        List<HealthWarning> out = new ArrayList<>();
        long half = own.writeTimeoutMs() / 2;
        Long since = own.msSinceLastGoodWrite();
        if (since != null && since > half) {
            out.add(new HealthWarning(HealthWarning.Kind.SLOW_WRITE, null, String.format(
                    "no heartbeat write completed for %d ms, more than half the write timeout of %d ms; %s", since,
                    own.writeTimeoutMs(), own.writeTimeoutArmed()
                            ? "the node fences itself at " + own.writeTimeoutMs() + " ms"
                            : "the write timeout is not armed yet (the first good write after the "
                                    + "region is steady arms it): the others' dead threshold and quorum decide")));
        } else if (own.nearMissesHalf() > 0 && !perWriteLatency) {
            out.add(new HealthWarning(HealthWarning.Kind.SLOW_WRITE, null, String.format(
                    "%d gaps between completed heartbeat writes in the last %d s were longer than half the write "
                            + "timeout of %d ms (%d longer than three quarters); longest %d ms: check the shared "
                            + "storage", own.nearMissesHalf(), own.windowMs() / 1000, own.writeTimeoutMs(),
                    own.nearMissesThreeQuarters(), own.maxMs())));
        } else if (own.nearMissesHalf() > 0) {
            out.add(new HealthWarning(HealthWarning.Kind.SLOW_WRITE, null, String.format(
                    "%d heartbeat writes in the last %d s took more than half the write timeout of %d ms (%d more "
                            + "than three quarters); slowest %d ms, p50 %d ms, p99 %d ms: check the shared storage",
                    own.nearMissesHalf(), own.windowMs() / 1000, own.writeTimeoutMs(), own.nearMissesThreeQuarters(),
                    own.maxMs(), own.p50Ms(), own.p99Ms())));
        }
        for (PeerHealth p : peers) {
            Long age = p.lastChangeAgeMs();
            if (p.live() && age != null && age > p.deadBoundMs() / 2) {
                String samples = p.missedSamples() < 0 ? "" : " (" + p.missedSamples() + " unchanged samples)";
                out.add(new HealthWarning(HealthWarning.Kind.PEER_STALE, p.name(), String.format(
                        "the heartbeat of %s (node %d) has not changed for %d ms%s; it is declared dead after %d "
                                + "unchanged samples, about %d ms", p.name(), p.number(), age, samples,
                        p.deadThreshold(), p.deadBoundMs())));
            }
        }
        return out;
    }
}
