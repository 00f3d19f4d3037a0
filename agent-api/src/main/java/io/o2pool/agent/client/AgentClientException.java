package io.o2pool.agent.client;

import io.o2pool.agent.api.ApiError;

/**
 * An agent call that failed: {@code status} is the HTTP status (0 when no answer came: connection refused, TLS pin
 * mismatch, timeout) and {@code error} the agent's {@link ApiError} body when it sent one.
 */
public final class AgentClientException extends RuntimeException {
    private final int status;
    private final transient ApiError error;

    public AgentClientException(int status, ApiError error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The agent's error body, or null. */
    public ApiError error() {
        return error;
    }

    /** The request field the agent named in a 400, or null. */
    public String field() {
        return error == null ? null : error.field();
    }
}
