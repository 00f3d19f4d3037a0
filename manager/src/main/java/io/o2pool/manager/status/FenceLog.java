package io.o2pool.manager.status;

import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.model.Event;
import io.o2pool.manager.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fence records the manager has seen, kept in the audit log: each is the details (snake_case JSON, as the API
 * shows it) of a {@value #KIND} event of the fenced server, so the Events tab, {@code GET /api/servers/{id}/fence} and
 * a FENCED server's JSON show the same record. Thread-safe.
 */
public final class FenceLog {
    /** The event kind that carries a fence record. */
    public static final String KIND = "fence.node-fenced";

    private final EventStore events;

    public FenceLog(EventStore events) {
        this.events = events;
    }

    /** Records {@code record} of server {@code serverId} as a {@value #KIND} event with {@code message}. */
    public Event append(long poolId, long serverId, String message, FenceRecord record) {
        return events.append(KIND, poolId, serverId, null, message, EventDetails.write(record, "the fence record of "
                + record.node()));
    }

    /** Server {@code serverId}'s fence records, newest seen first, at most {@code limit}. */
    public List<FenceRecord> records(long serverId, int limit) {
        List<FenceRecord> out = new ArrayList<>();
        for (Event e : events.listWithDetails(KIND, serverId, limit)) {
            EventDetails.read(e, FenceRecord.class).ifPresent(out::add);
        }
        return out;
    }

    /** The newest fence record seen for server {@code serverId}. */
    public Optional<FenceRecord> latest(long serverId) {
        return records(serverId, 1).stream().findFirst();
    }
}
