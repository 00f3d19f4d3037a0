package io.o2pool.manager.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.o2pool.manager.model.Event;

/**
 * The API's JSON conventions: snake_case names, ISO-8601 instants, unknown input fields checked by hand, an event's
 * details (stored as JSON text) nested as an object.
 */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addMixIn(Event.class, EventJson.class);
    }

    /** {@link Event#details()} is JSON the manager wrote itself: written as is, not as a string. */
    private abstract static class EventJson {
        @JsonRawValue
        abstract String details();
    }
}
