package io.o2pool.manager.model;

import java.time.Instant;

/**
 * One audit-log entry: every change the manager makes and every membership event it hears. The ids that do not apply
 * are null.
 *
 * @param kind    a short dotted name such as {@code pool.created}, {@code server.status}, {@code job.step}
 * @param details a JSON object with what the message summarises (a {@code fence.node-fenced} event's fence record),
 *                or null; the API shows it as a nested object
 * @param user    who acted: the user of the request, or of the job the event belongs to; null for what the manager
 *                saw or did by itself (membership events, the status monitor's jobs)
 */
public record Event(long id, Instant at, String kind, Long poolId, Long serverId, Long jobId, String message,
                    String details, String user) {

    /** An event without details, by the manager itself. */
    public Event(long id, Instant at, String kind, Long poolId, Long serverId, Long jobId, String message) {
        this(id, at, kind, poolId, serverId, jobId, message, null, null);
    }
}
