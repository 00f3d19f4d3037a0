package io.o2pool.manager.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.o2pool.manager.model.Event;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record kept as an audit event's details: snake_case JSON as the API shows it, read back leniently (a field added
 * later is ignored by an older reader). Shared by {@link FenceLog} and {@link GuardKillEvents}.
 */
final class EventDetails {
    private static final Logger log = LoggerFactory.getLogger(EventDetails.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventDetails() {
    }

    static String write(Object record, String what) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + what, e);
        }
    }

    /** Event {@code e}'s details as a {@code type}; empty (logged) when they are not one. */
    static <T> Optional<T> read(Event e, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(e.details(), type));
        } catch (JsonProcessingException ex) {
            log.warn("event {}: its details are not a {}: {}", e.id(), type.getSimpleName(), ex.getOriginalMessage());
            return Optional.empty();
        }
    }
}
