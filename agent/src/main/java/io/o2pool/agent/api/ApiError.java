package io.o2pool.agent.api;

/**
 * Body of every 4xx/5xx answer: a stable {@code error} code ({@code bad-request}, {@code unauthorized},
 * {@code conflict}, {@code not-found}, {@code internal}), the request {@code field} at fault when there is one, and a
 * message that says what to change.
 */
public record ApiError(String error, String field, String message) {
}
