package io.o2pool.agent.api;

/**
 * Body of every 4xx/5xx answer: a stable {@code error} code ({@code bad-request}, {@code unauthorized},
 * {@code conflict}, {@code not-found}, {@code internal}), the request {@code field} at fault when there is one, a
 * message that says what to change, and for a problem inside a text field (cluster.conf, the o2cb defaults) its
 * 1-based {@code line} and {@code column} (null otherwise).
 */
public record ApiError(String error, String field, String message, Integer line, Integer column) {
    /** An error without a position. */
    public ApiError(String error, String field, String message) {
        this(error, field, message, null, null);
    }
}
