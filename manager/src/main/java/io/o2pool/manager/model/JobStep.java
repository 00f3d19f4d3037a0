package io.o2pool.manager.model;

import java.time.Instant;

/** One persisted step of a job, in order ({@code seq} from 0); {@code message} carries findings or the failure. */
public record JobStep(int seq, String name, StepStatus status, String message, Instant startedAt, Instant finishedAt) {
}
