package io.o2pool.manager.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.o2pool.manager.model.Event;
import java.util.function.Consumer;

/**
 * {@code GET /api/events}: the audit log. As JSON ({@code ?after=ID&limit=N}) by default; as server-sent events when
 * the request accepts {@code text/event-stream}: first the backlog after {@code after} (or {@code Last-Event-ID}),
 * then every new event as it is stored, each with its id so a reconnecting client misses nothing.
 */
public final class EventsResource implements ApiResource {
    private final ApiDeps deps;

    public EventsResource(ApiDeps deps) {
        this.deps = deps;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/events", this::events);
    }

    private void events(Context ctx) throws Exception {
        long after = number(ctx, "after", 0, 0, Long.MAX_VALUE);
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId != null && lastEventId.matches("\\d{1,18}")) {
            after = Math.max(after, Long.parseLong(lastEventId));
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/event-stream")) {
            long from = after;
            new SseHandler(client -> stream(client, from)).handle(ctx);
            return;
        }
        int limit = (int) number(ctx, "limit", 500, 1, 5000);
        ctx.json(deps.store().events().listAfter(after, limit));
    }

    private void stream(SseClient client, long after) {
        // Subscribe first, then send the backlog, so no event falls between the two; duplicates are skipped by id.
        long[] lastSent = {after};
        Object lock = new Object();
        Consumer<Event> listener = e -> send(client, e, lastSent, lock);
        deps.store().events().subscribe(listener);
        client.onClose(() -> deps.store().events().unsubscribe(listener));
        client.keepAlive();
        for (Event e : deps.store().events().listAfter(after, 10_000)) {
            send(client, e, lastSent, lock);
        }
    }

    private void send(SseClient client, Event e, long[] lastSent, Object lock) {
        synchronized (lock) {
            if (e.id() <= lastSent[0] || client.terminated()) {
                return;
            }
            try {
                client.sendEvent(e.kind(), deps.json().writeValueAsString(e), Long.toString(e.id()));
                lastSent[0] = e.id();
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    private static long number(Context ctx, String name, long dflt, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badField(name, "must be a number in " + min + "-" + max);
    }
}
