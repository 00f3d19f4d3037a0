package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.o2pool.agent.facts.FactsCollector;

/** {@code GET /v1/facts}: host name, addresses, OS and kernel, clock, stack drivers, repositories and VMs. */
final class FactsResource {
    private final FactsCollector facts;

    FactsResource(FactsCollector facts) {
        this.facts = facts;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/facts", ctx -> ctx.json(facts.collect()));
    }
}
