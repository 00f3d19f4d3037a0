package io.o2pool.manager.status;

import io.o2pool.agent.api.GuardKill;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.store.EventStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What servers' VM guards killed, kept in the audit log: each kill a server's agent reports ({@code GET
 * /v1/vm-guard/kills}) becomes one {@value #KIND} event of that server, once — the kill as its details — naming the
 * guests and why they died. A guard acts while the node's heartbeat stands still (an agent killed without fencing), so
 * the kills are read when such a server's agent answers again. Thread-safe.
 */
public final class GuardKillEvents {
    public static final String KIND = "vm.guard-killed";
    /** Kills asked per read: more than a guard makes between two returns of its agent. */
    static final int FETCH_LIMIT = 20;
    private static final Logger log = LoggerFactory.getLogger(GuardKillEvents.class);

    private final EventStore events;

    public GuardKillEvents(EventStore events) {
        this.events = events;
    }

    /**
     * Asks {@code agent} (server {@code s}'s own) for its guard's kills and records each newer than the newest already
     * recorded for {@code s}; returns how many were new. An agent that cannot answer is logged and asked next time.
     */
    public int read(long poolId, Server s, AgentGateway agent) {
        List<GuardKill> kills;
        try {
            kills = agent.guardKills(FETCH_LIMIT);
        } catch (RuntimeException e) {
            log.warn("VM guard kills of {} not read: {}", s.name(), e.getMessage());
            return 0;
        }
        Instant known = latest(s.id()).map(GuardKill::time).orElse(null);
        List<GuardKill> newer = kills.stream().filter(k -> known == null || k.time().isAfter(known))
                .sorted(Comparator.comparing(GuardKill::time)).toList();
        for (GuardKill k : newer) {
            String guests = k.guests().isEmpty() ? "no guest (none was running)" : String.join(", ", k.guests());
            String message = "the VM guard of server " + s.name() + " (node " + k.node() + ") killed " + guests
                    + " at " + k.time() + ": " + k.reason() + " — a node whose heartbeat stands still is taken as dead"
                    + " by the others, so its guests must not outlive it";
            events.append(KIND, poolId, s.id(), null, message, EventDetails.write(k, "a guard kill of " + s.name()));
        }
        return newer.size();
    }

    /** The newest kill recorded for server {@code serverId}. */
    Optional<GuardKill> latest(long serverId) {
        return events.listWithDetails(KIND, serverId, 1).stream().findFirst()
                .flatMap(e -> EventDetails.read(e, GuardKill.class));
    }
}
