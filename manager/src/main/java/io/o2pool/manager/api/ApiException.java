package io.o2pool.manager.api;

import java.util.List;

/**
 * An API request failed with an HTTP status and, for 400s, the fields at fault; the server maps it to
 * {@code {"error": ..., "field": first field, "fields": [{"field", "message"}]}}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final List<FieldError> fields;

    /** One invalid request field, named as the API spells it (e.g. {@code servers[1].host}). */
    public record FieldError(String field, String message) {
    }

    public ApiException(int status, String message, List<FieldError> fields) {
        super(message);
        this.status = status;
        this.fields = List.copyOf(fields);
    }

    public static ApiException badField(String field, String message) {
        return new ApiException(400, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, List.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, List.of());
    }

    public int status() {
        return status;
    }

    public List<FieldError> fields() {
        return fields;
    }
}
