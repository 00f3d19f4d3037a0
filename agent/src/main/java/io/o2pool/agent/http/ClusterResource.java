package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterChange;
import io.o2pool.agent.config.ConfigApplier;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/cluster} (stack driver, state and membership view), {@code POST /v1/cluster/online} and
 * {@code /offline} (with the live configuration; 409 before the first commit; answered with what the stack did,
 * {@link ClusterChange}, and the view after it), and {@code GET /v1/events}, a
 * server-sent event stream that sends the current view at once, then one {@code membership} event (the view) per
 * change and one {@code cluster-event} per membership event of the stack (the client must send
 * {@code Accept: text/event-stream}).
 */
final class ClusterResource {
    /** SSE event name of a {@code ClusterView}. */
    static final String MEMBERSHIP = "membership";
    /** SSE event name of a {@code ClusterEvent} (node-up, node-down, connected, disconnected, fenced). */
    static final String CLUSTER_EVENT = "cluster-event";
    private static final Logger log = LoggerFactory.getLogger(ClusterResource.class);
    private final StackDriver stack;
    private final ConfigApplier config;

    ClusterResource(StackDriver stack, ConfigApplier config) {
        this.stack = stack;
        this.config = config;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/cluster", ctx -> ctx.json(stack.view()));
        routes.post("/v1/cluster/online", ctx -> ctx.json(answer(stack.online(liveConfig()))));
        routes.post("/v1/cluster/offline", ctx -> {
            requireLive();
            ctx.json(answer(stack.offline(config.offlineConfig())));
        });
        routes.sse("/v1/events", this::stream);
    }

    /** What the stack did, then the view after it (the fields of {@code GET /v1/cluster}). */
    private ClusterChange answer(StackChange change) {
        return ClusterChange.of(change.outcome(), change.message(), stack.view());
    }

    private StackConfig liveConfig() {
        requireLive();
        return config.liveConfig();
    }

    private void requireLive() {
        if (config.store().status().live() == null) {
            throw new ConflictException("no cluster configuration is live yet; stage and commit one first");
        }
    }

    private void stream(SseClient client) {
        client.keepAlive();
        List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();
        client.onClose(() -> {
            for (AutoCloseable s : subscriptions) {
                try {
                    s.close();
                } catch (Exception e) {
                    log.debug("closing an event subscription failed", e);
                }
            }
        });
        client.sendEvent(MEMBERSHIP, stack.view());
        subscriptions.add(stack.subscribe(view -> send(client, MEMBERSHIP, view)));
        subscriptions.add(stack.subscribeEvents(event -> send(client, CLUSTER_EVENT, event)));
    }

    private static void send(SseClient client, String name, Object data) {
        if (!client.terminated()) {
            client.sendEvent(name, data);
        }
    }
}
