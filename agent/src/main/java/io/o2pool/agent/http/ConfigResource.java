package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.config.ConfigApplier;

/**
 * The cluster configuration change: {@code POST /v1/config/stage} ({@code generation}, {@code poolId},
 * {@code clusterConf}, {@code o2cbDefaults}, optional {@code checksum}), {@code POST /v1/config/commit} and
 * {@code /abort} ({@code generation}), {@code GET /v1/config} (live/staged/previous generation and drift),
 * {@code GET /v1/config/live} (the live files as on disk, for the manager's drift diff) and
 * {@code GET /v1/config/previous} (the previous generation's files, for a rollback staged as a new generation) and
 * {@code POST /v1/config/rollback} ({@code generation}: the live generation's kept predecessor becomes live again) and
 * {@code POST /v1/config/forget} ({@code poolId}: the node left that pool; its live configuration is removed, the stack
 * must be offline).
 */
final class ConfigResource {
    private final ConfigApplier applier;
    private final ObjectMapper mapper;

    ConfigResource(ConfigApplier applier, ObjectMapper mapper) {
        this.applier = applier;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/config", ctx -> ctx.json(applier.store().status()));
        routes.get("/v1/config/live", ctx -> ctx.json(applier.store().live()));
        routes.get("/v1/config/previous", ctx -> applier.store().previous().ifPresentOrElse(ctx::json,
                () -> ctx.status(404).json(new io.o2pool.agent.api.ApiError("not-found", null,
                        "no previous generation is kept (fewer than two commits so far)"))));
        routes.post("/v1/config/stage", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            StageRequest request = new StageRequest(body.integer("generation", 1, Long.MAX_VALUE),
                    body.text("poolId", false), body.text("clusterConf", false), body.text("o2cbDefaults", true),
                    body.optionalText("checksum").orElse(null));
            ctx.json(applier.store().stage(request));
        });
        routes.post("/v1/config/commit", ctx -> ctx.json(applier.commit(generation(ctx.body()))));
        routes.post("/v1/config/rollback", ctx -> ctx.json(applier.rollback(generation(ctx.body()))));
        routes.post("/v1/config/abort", ctx -> ctx.json(applier.store().abort(generation(ctx.body()))));
        routes.post("/v1/config/forget", ctx -> ctx.json(applier.forget(
                RequestBody.parse(mapper, ctx.body()).text("poolId", false))));
    }

    private long generation(String text) {
        return RequestBody.parse(mapper, text).integer("generation", 1, Long.MAX_VALUE);
    }
}
