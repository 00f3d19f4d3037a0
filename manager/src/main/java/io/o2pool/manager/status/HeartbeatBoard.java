package io.o2pool.manager.status;

import io.o2pool.agent.api.HeartbeatReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last heartbeat health each heartbeating member's agent reported ({@code GET /v1/health}), kept in memory by the
 * status monitor and read by the servers API, the web UI and {@code /metrics}: transient facts that a restart of the
 * manager re-reads within one round. {@link #update} says which warnings are new and whether a WARNING cleared, so
 * each becomes one audit event per episode. Thread-safe.
 */
public final class HeartbeatBoard {
    private final Map<Long, HeartbeatReport> reports = new ConcurrentHashMap<>();

    /**
     * What changed between two reports of one server.
     *
     * @param appeared warnings present now and not before (kind and peer), in report order
     * @param cleared  the report was a WARNING and is OK now
     */
    public record Change(List<HeartbeatReport.Warning> appeared, boolean cleared) {
    }

    /** The last report of server {@code serverId}, if it heartbeats and its agent answered. */
    public Optional<HeartbeatReport> of(long serverId) {
        return Optional.ofNullable(reports.get(serverId));
    }

    /** Every server's last report, by server id. */
    public Map<Long, HeartbeatReport> all() {
        return Map.copyOf(reports);
    }

    /** Stores {@code now} as server {@code serverId}'s report and returns what changed since its last one. */
    public Change update(long serverId, HeartbeatReport now) {
        HeartbeatReport before = reports.put(serverId, now);
        return between(before, now);
    }

    /** Forgets server {@code serverId} (not heartbeating, removed): its next report is compared with none. */
    public void forget(long serverId) {
        reports.remove(serverId);
    }

    /** Pure: the warnings of {@code now} whose (kind, peer) {@code before} lacked, and whether a WARNING cleared. */
    static Change between(HeartbeatReport before, HeartbeatReport now) {
        List<HeartbeatReport.Warning> appeared = new ArrayList<>();
        for (HeartbeatReport.Warning w : now.warnings()) {
            boolean known = before != null && before.warnings().stream()
                    .anyMatch(b -> b.kind().equals(w.kind()) && Objects.equals(b.peer(), w.peer()));
            if (!known) {
                appeared.add(w);
            }
        }
        boolean cleared = before != null && "WARNING".equals(before.level()) && "OK".equals(now.level());
        return new Change(appeared, cleared);
    }
}
