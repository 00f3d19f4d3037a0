package io.o2pool.manager.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.model.Event;
import io.o2pool.manager.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fence records the manager has seen, kept in the audit log: each is the details (snake_case JSON, as the API
 * shows it) of a {@value #KIND} event of the fenced server, so the Events tab, {@code GET /api/servers/{id}/fence} and
 * a FENCED server's JSON show the same record. Thread-safe.
 */
public final class FenceLog {
    /** The event kind that carries a fence record. */
    public static final String KIND = "fence.node-fenced";
    private static final Logger log = LoggerFactory.getLogger(FenceLog.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final EventStore events;

    public FenceLog(EventStore events) {
        this.events = events;
    }

    /** Records {@code record} of server {@code serverId} as a {@value #KIND} event with {@code message}. */
    public Event append(long poolId, long serverId, String message, FenceRecord record) {
        try {
            return events.append(KIND, poolId, serverId, null, message, JSON.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the fence record of " + record.node(), e);
        }
    }

    /** Server {@code serverId}'s fence records, newest seen first, at most {@code limit}. */
    public List<FenceRecord> records(long serverId, int limit) {
        List<FenceRecord> out = new ArrayList<>();
        for (Event e : events.listWithDetails(KIND, serverId, limit)) {
            parse(e).ifPresent(out::add);
        }
        return out;
    }

    /** The newest fence record seen for server {@code serverId}. */
    public Optional<FenceRecord> latest(long serverId) {
        return records(serverId, 1).stream().findFirst();
    }

    private static Optional<FenceRecord> parse(Event e) {
        try {
            return Optional.of(JSON.readValue(e.details(), FenceRecord.class));
        } catch (JsonProcessingException ex) {
            log.warn("event {}: its details are not a fence record: {}", e.id(), ex.getOriginalMessage());
            return Optional.empty();
        }
    }
}
