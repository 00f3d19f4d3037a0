package io.o2pool.cluster.health;

import java.time.Instant;
import java.util.List;

/**
 * The heartbeat health of one node at one moment: its own writes, each peer as it sees it, and the verdict of
 * {@link HealthJudge}. Immutable.
 *
 * @param node     this node's name
 * @param at       when it was taken (wall clock)
 * @param level    OK or WARNING
 * @param warnings why it is a WARNING (empty when OK)
 * @param own      this node's own writes
 * @param peers    every other configured node, by number
 */
public record HeartbeatHealth(String node, Instant at, HealthLevel level, List<HealthWarning> warnings,
        OwnWriteHealth own, List<PeerHealth> peers) {
    public HeartbeatHealth {
        warnings = List.copyOf(warnings);
        peers = List.copyOf(peers);
    }

    /** Judges {@code own} and {@code peers} with {@link HealthJudge}. */
    public static HeartbeatHealth judged(String node, Instant at, OwnWriteHealth own, List<PeerHealth> peers) {
        List<HealthWarning> warnings = HealthJudge.warnings(own, peers);
        return new HeartbeatHealth(node, at, warnings.isEmpty() ? HealthLevel.OK : HealthLevel.WARNING, warnings, own,
                peers);
    }
}
