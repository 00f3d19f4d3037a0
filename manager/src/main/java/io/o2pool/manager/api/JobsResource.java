package io.o2pool.manager.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/jobs}, {@code GET /api/jobs/{id}}, {@code POST /api/jobs/{id}/retry}: jobs with their steps. */
public final class JobsResource implements ApiResource {
    private final ApiDeps deps;

    public JobsResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** A job as the API shows it: input and state as JSON objects, steps in order. */
    public record JobView(long id, long poolId, JobKind kind, JobStatus status, Long serverId, Long retryOf,
                          JsonNode input, JsonNode state, String errorStep, String errorMessage, Instant createdAt,
                          Instant startedAt, Instant finishedAt, List<JobStep> steps, String createdBy) {
        static JobView of(Job j, ObjectMapper json) {
            return new JobView(j.id(), j.poolId(), j.kind(), j.status(), j.serverId(), j.retryOf(),
                    tree(json, j.input()), tree(json, j.state()), j.errorStep(), j.errorMessage(), j.createdAt(),
                    j.startedAt(), j.finishedAt(), j.steps(), j.createdBy());
        }

        private static JsonNode tree(ObjectMapper json, String text) {
            try {
                return json.readTree(text == null ? "{}" : text);
            } catch (JsonProcessingException e) {
                return json.getNodeFactory().textNode(text);
            }
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/jobs", this::list);
        routes.get("/api/jobs/{id}", this::get);
        routes.post("/api/jobs/{id}/retry", this::retry);
    }

    private void list(Context ctx) {
        Long poolId = null;
        String raw = ctx.queryParam("pool_id");
        if (raw != null) {
            try {
                poolId = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw ApiException.badField("pool_id", "must be a number");
            }
        }
        int limit = 100;
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw ApiException.badField("limit", "must be 1-1000");
            }
        }
        ctx.json(deps.store().jobs().list(poolId, limit).stream().map(j -> JobView.of(j, deps.json())).toList());
    }

    private void get(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(JobView.of(deps.store().jobs().find(id).orElseThrow(() -> ApiException.notFound("no job " + id)),
                deps.json()));
    }

    private void retry(Context ctx) {
        long id = PathIds.id(ctx);
        Job failed = deps.store().jobs().find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
        if (failed.status() != JobStatus.FAILED) {
            throw ApiException.conflict("job " + id + " is " + failed.status() + "; only FAILED jobs can be retried");
        }
        Job retry = deps.engine().retry(id, TokenAuth.userName(ctx));
        ctx.status(202).json(JobView.of(deps.store().jobs().find(retry.id()).orElseThrow(), deps.json()));
    }
}
