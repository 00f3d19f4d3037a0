package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.o2pool.agent.api.Health;

/** {@code GET /health}: the one unauthenticated endpoint — liveness, version, node name and the fingerprint to pin. */
final class HealthResource {
    static final String PATH = "/health";
    private final Health health;

    HealthResource(Health health) {
        this.health = health;
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.json(health));
    }
}
