package io.o2pool.manager.model;

import java.time.Instant;
import java.util.List;

/**
 * A cluster-changing job with its ordered steps. {@code input} and {@code state} are JSON objects owned by the job's
 * handler: the input as accepted, and the facts later steps need (node number, generation, members touched).
 *
 * @param retryOf the failed job this one retries, or null
 * @param errorStep the step that failed, or null
 * @param createdBy the user who asked for the job, or null when the manager queued it itself (status monitor, drift)
 */
public record Job(
        long id,
        long poolId,
        JobKind kind,
        JobStatus status,
        Long serverId,
        Long retryOf,
        String input,
        String state,
        String errorStep,
        String errorMessage,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        List<JobStep> steps,
        String createdBy) {
}
