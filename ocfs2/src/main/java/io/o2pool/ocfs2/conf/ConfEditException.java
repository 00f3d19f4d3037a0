package io.o2pool.ocfs2.conf;

import java.util.Objects;

/**
 * A change to cluster.conf that o2pool refuses, with the {@code o2cb} tool's message where it has one
 * ({@code Node 'X' already exists}, {@code Unknown cluster 'X'} ...) and a message naming the value for the checks
 * the tool lacks. Nothing has been written when this is thrown.
 */
public final class ConfEditException extends Exception {
    private static final long serialVersionUID = 1L;

    private final EditFailure failure;

    public ConfEditException(EditFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The kind of refusal, for exit codes. */
    public EditFailure failure() {
        return failure;
    }
}
