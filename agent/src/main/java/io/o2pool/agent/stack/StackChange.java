package io.o2pool.agent.stack;

import io.o2pool.agent.api.StackOutcome;

/**
 * What a {@link StackDriver} did: the {@code outcome} callers decide on, and a {@code message} for people (never
 * parsed), e.g. which nodes were added or which timeouts wait for the next online.
 */
public record StackChange(StackOutcome outcome, String message) {
    public StackChange {
        if (outcome == null) {
            throw new IllegalArgumentException("a stack change needs an outcome");
        }
        message = message == null ? "" : message;
    }
}
