package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.ServerStatus;

/**
 * {@code GET /metrics}: Prometheus text exposition, open like any scrape target. Besides the job counters and timers
 * the engine records, it exports servers per status and jobs per status, read from the store at scrape time.
 */
public final class MetricsResource implements ApiResource {
    private final ApiDeps deps;

    public MetricsResource(ApiDeps deps) {
        this.deps = deps;
        for (ServerStatus status : ServerStatus.values()) {
            Gauge.builder("o2pool.servers", () -> deps.store().servers().list().stream()
                            .filter(s -> s.status() == status).count())
                    .tag("status", status.name()).description("servers by status").register(deps.metrics());
        }
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("o2pool.jobs.current", () -> deps.store().jobs().idsWithStatus(status).size())
                    .tag("status", status.name()).description("jobs by status").register(deps.metrics());
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(deps.metrics().scrape());
    }
}
