package io.o2pool.manager.model;

import java.time.Instant;

/**
 * One audit-log entry: every change the manager makes and every membership event it hears. The ids that do not apply
 * are null.
 *
 * @param kind a short dotted name such as {@code pool.created}, {@code server.status}, {@code job.step}
 */
public record Event(long id, Instant at, String kind, Long poolId, Long serverId, Long jobId, String message) {
}
