package io.o2pool.manager.model;

import java.time.Instant;

/**
 * One audit-log entry: every change the manager makes and every membership event it hears. The ids that do not apply
 * are null.
 *
 * @param kind    a short dotted name such as {@code pool.created}, {@code server.status}, {@code job.step}
 * @param details a JSON object with what the message summarises (a {@code fence.node-fenced} event's fence record),
 *                or null; the API shows it as a nested object
 */
public record Event(long id, Instant at, String kind, Long poolId, Long serverId, Long jobId, String message,
                    String details) {

    /** An event without details. */
    public Event(long id, Instant at, String kind, Long poolId, Long serverId, Long jobId, String message) {
        this(id, at, kind, poolId, serverId, jobId, message, null);
    }
}
