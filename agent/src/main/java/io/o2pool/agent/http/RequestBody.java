package io.o2pool.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request's JSON object body with typed, range-checked accessors that fail as {@link InvalidInputException}
 * naming the field — so every endpoint answers 400 with the field for a missing field or a wrong type, before it
 * changes anything. Not thread-safe; one per request.
 */
public final class RequestBody {
    private final JsonNode root;

    private RequestBody(JsonNode root) {
        this.root = root;
    }

    /** Parses {@code text}; an empty body or anything but a JSON object is refused naming the field {@code body}. */
    public static RequestBody parse(ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("body", "the request body is empty; send a JSON object");
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("body", "the request body must be a JSON object");
            }
            return new RequestBody(node);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A required string, non-blank unless {@code allowBlank}. */
    public String text(String field, boolean allowBlank) {
        JsonNode node = present(field);
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        if (!allowBlank && node.asText().isBlank()) {
            throw new InvalidInputException(field, field + " must not be empty");
        }
        return node.asText();
    }

    /** An optional string (absent or null gives empty). */
    public Optional<String> optionalText(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return Optional.of(node.asText());
    }

    /** A required integer within {@code [min, max]}. */
    public long integer(String field, long min, long max) {
        JsonNode node = present(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(field, "an integer", node);
        }
        long value = node.asLong();
        if (value < min || value > max) {
            throw new InvalidInputException(field, field + " is " + value + "; it must be " + min + "–" + max);
        }
        return value;
    }

    /** An optional integer within {@code [min, max]}, or {@code fallback} when absent. */
    public long integer(String field, long min, long max, long fallback) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? fallback : integer(field, min, max);
    }

    /** An optional boolean, {@code fallback} when absent. */
    public boolean bool(String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false", node);
        }
        return node.asBoolean();
    }

    /** An optional list of strings, empty when absent. */
    public List<String> textList(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(field, "an array of strings", node);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw wrongType(field + "[" + i + "]", "a string", node.get(i));
            }
            values.add(node.get(i).asText());
        }
        return values;
    }

    /** An optional ISO-8601 instant ({@code 2009-06-01T00:00:00Z}). */
    public Optional<Instant> optionalInstant(String field) {
        return optionalText(field).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(field, field + " '" + text + "' is not an ISO-8601 instant such as 2009-06-01T00:00:00Z");
            }
        });
    }

    private JsonNode present(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidInputException(field, "missing field '" + field + "'");
        }
        return node;
    }

    private static InvalidInputException wrongType(String field, String expected, JsonNode found) {
        return new InvalidInputException(field, field + " must be " + expected + ", not " + found.getNodeType()
                .name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(found.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
