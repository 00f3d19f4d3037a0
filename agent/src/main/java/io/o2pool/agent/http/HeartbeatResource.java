package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.o2pool.agent.stack.StackDriver;

/**
 * {@code GET /v1/health}: the heartbeat health of this server's node ({@link io.o2pool.agent.api.HeartbeatReport}),
 * and {@code GET /metrics}: the same figures in the Prometheus text format ({@link HeartbeatMetrics}). Both
 * authenticated like every path but {@code /health}.
 */
final class HeartbeatResource {
    static final String PATH = "/v1/health";
    static final String METRICS = "/metrics";
    private final StackDriver stack;

    HeartbeatResource(StackDriver stack) {
        this.stack = stack;
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.json(stack.health()));
        routes.get(METRICS, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(HeartbeatMetrics.render(stack.health())));
    }
}
