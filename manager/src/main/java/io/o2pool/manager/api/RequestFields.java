package io.o2pool.manager.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every field of a JSON request object and collects one error per bad field, so a 400 names them all and
 * nothing is stored. Reads a field once; call {@link #check()} before acting. Not thread-safe (one per request).
 */
public final class RequestFields {
    private final ObjectNode body;
    private final String prefix;
    private final List<ApiException.FieldError> errors;

    private RequestFields(ObjectNode body, String prefix, List<ApiException.FieldError> errors) {
        this.body = body;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Parses a request body that must be a JSON object. */
    public static RequestFields parse(ObjectMapper json, String text) {
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badField("body", "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badField("body", "must be a JSON object");
        }
        return new RequestFields(object, "", new ArrayList<>());
    }

    /** The fields of a nested object (e.g. one entry of a batch), reporting errors as {@code prefix.field}. */
    public RequestFields nested(ObjectNode object, String nestedPrefix) {
        return new RequestFields(object, nestedPrefix + ".", errors);
    }

    public ObjectNode body() {
        return body;
    }

    /** Adds an error for a field (named without the prefix). */
    public void reject(String field, String message) {
        errors.add(new ApiException.FieldError(prefix + field, message));
    }

    /** Rejects fields the request does not know, so a typo does not silently fall back to a default. */
    public void allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                reject(name, "unknown field; allowed: " + String.join(", ", names));
            }
        }
    }

    public String requiredString(String field, int maxLength, Pattern pattern, String patternHint) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            reject(field, "required");
            return null;
        }
        return string(field, n, maxLength, pattern, patternHint);
    }

    public String optionalString(String field, int maxLength, Pattern pattern, String patternHint, String dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            return dflt;
        }
        return string(field, n, maxLength, pattern, patternHint);
    }

    private String string(String field, JsonNode n, int maxLength, Pattern pattern, String patternHint) {
        if (!n.isTextual()) {
            reject(field, "must be a string");
            return null;
        }
        String value = n.asText().strip();
        if (value.length() > maxLength) {
            reject(field, "longer than " + maxLength + " characters");
            return null;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            reject(field, patternHint);
            return null;
        }
        return value;
    }

    public int optionalInt(String field, int dflt, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            reject(field, "must be an integer");
            return dflt;
        }
        int v = n.asInt();
        if (v < min || v > max) {
            reject(field, v + " is outside " + min + "-" + max);
            return dflt;
        }
        return v;
    }

    public Boolean optionalBoolean(String field, Boolean dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            reject(field, "must be true or false");
            return dflt;
        }
        return n.asBoolean();
    }

    public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            reject(field, "required; one of " + names(type));
            return null;
        }
        return enumValue(field, n, type);
    }

    public <E extends Enum<E>> E optionalEnum(String field, Class<E> type, E dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        return enumValue(field, n, type);
    }

    private <E extends Enum<E>> E enumValue(String field, JsonNode n, Class<E> type) {
        if (n.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(n.asText().strip().toUpperCase(Locale.ROOT))) {
                    return e;
                }
            }
        }
        reject(field, "must be one of " + names(type));
        return null;
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Whether {@code field} (named without the prefix) was rejected. */
    public boolean rejected(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(prefix + field));
    }

    /** Throws a 400 naming every bad field, if any. */
    public void check() {
        if (!errors.isEmpty()) {
            ApiException.FieldError first = errors.getFirst();
            throw new ApiException(400, "invalid request: " + String.join("; ",
                    errors.stream().map(e -> e.field() + ": " + e.message()).toList()), errors);
        }
    }
}
