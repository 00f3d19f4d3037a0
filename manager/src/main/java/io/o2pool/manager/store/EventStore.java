package io.o2pool.manager.store;

import io.o2pool.manager.model.Event;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: appends events and tells live listeners (the SSE stream) about each one after it is stored.
 * Thread-safe; listeners run on the appending thread and must not block.
 */
public final class EventStore {
    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    public EventStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Stores an event now and publishes it; ids that do not apply are null. */
    public Event append(String kind, Long poolId, Long serverId, Long jobId, String message) {
        return append(kind, poolId, serverId, jobId, message, null);
    }

    /**
     * Stores an event with {@code details} (a JSON object's text, or null) now and publishes it; an event of a job
     * records the user who asked for the job.
     */
    public Event append(String kind, Long poolId, Long serverId, Long jobId, String message, String details) {
        return append(kind, poolId, serverId, jobId, message, details, null);
    }

    /** Stores an event {@code user} caused (null: the job's user when there is a job, else the manager itself). */
    public Event appendBy(String user, String kind, Long poolId, Long serverId, Long jobId, String message) {
        return append(kind, poolId, serverId, jobId, message, null, user);
    }

    private Event append(String kind, Long poolId, Long serverId, Long jobId, String message, String details,
                         String user) {
        long at = clock.millis();
        record Stored(long id, String user) {
        }
        Stored stored = jdbi.withHandle(h -> {
            String by = user != null || jobId == null ? user : h.createQuery("SELECT created_by FROM jobs WHERE id"
                    + " = :job").bind("job", jobId).mapTo(String.class).findOne().orElse(null);
            long id = h.createUpdate("INSERT INTO events (at, kind, pool_id, server_id, job_id, message, details,"
                            + " user_name) VALUES (:at, :kind, :pool, :server, :job, :msg, :details, :user)")
                    .bind("at", at).bind("kind", kind).bind("pool", poolId).bind("server", serverId)
                    .bind("job", jobId).bind("msg", message).bind("details", details).bind("user", by)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Stored(id, by);
        });
        long id = stored.id();
        Event event = new Event(id, java.time.Instant.ofEpochMilli(at), kind, poolId, serverId, jobId, message,
                details, stored.user());
        log.info("event {} {}: {}", id, kind, message);
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener failed on event {}: {}", id, e.toString());
            }
        }
        return event;
    }

    /** Events with an id greater than {@code afterId}, oldest first, at most {@code limit}. */
    public List<Event> listAfter(long afterId, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM events WHERE id > :after ORDER BY id")
                    .bind("after", afterId);
            q.setMaxRows(limit);
            return q.map(EventStore::read).list();
        });
    }

    /** Server {@code serverId}'s events of {@code kind} that carry details, newest first, at most {@code limit}. */
    public List<Event> listWithDetails(String kind, long serverId, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM events WHERE kind = :kind AND server_id = :server"
                    + " AND details IS NOT NULL ORDER BY id DESC").bind("kind", kind).bind("server", serverId);
            q.setMaxRows(limit);
            return q.map(EventStore::read).list();
        });
    }

    private static final String COLUMNS = "id, at, kind, pool_id, server_id, job_id, message, details, user_name";

    private static Event read(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Event(rs.getLong("id"), Millis.read(rs, "at"), rs.getString("kind"), Millis.readLong(rs, "pool_id"),
                Millis.readLong(rs, "server_id"), Millis.readLong(rs, "job_id"), rs.getString("message"),
                rs.getString("details"), rs.getString("user_name"));
    }

    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Event> listener) {
        listeners.remove(listener);
    }
}
