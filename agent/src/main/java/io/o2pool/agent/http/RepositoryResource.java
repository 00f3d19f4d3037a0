package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.repository.RepositoryService;

/**
 * {@code POST /v1/repository/attach} ({@code type} directory|ocfs2, {@code path}, optional {@code uuid}),
 * {@code POST /v1/repository/inspect} ({@code type}, {@code path}: the repository's UUID and, for OCFS2, the
 * superblock's mount mode {@code local}|{@code cluster}, slot count and current mount, attaching and mounting nothing),
 * {@code POST /v1/repository/detach} ({@code type}, {@code path}; idempotent: an OCFS2 one is unmounted, a directory
 * one's userspace heartbeat stops; not attached is a note, not an error),
 * {@code GET /v1/repositories}, {@code POST /v1/repository/convert-to-cluster} ({@code path}, {@code slots} 1–255) and
 * {@code POST /v1/repository/grow-slots} ({@code path}, {@code slots}: tunefs.ocfs2 -N on the unmounted volume).
 */
final class RepositoryResource {
    private final RepositoryService repositories;
    private final ObjectMapper mapper;

    RepositoryResource(RepositoryService repositories, ObjectMapper mapper) {
        this.repositories = repositories;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/repositories", ctx -> ctx.json(repositories.list()));
        routes.post("/v1/repository/attach", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            ctx.json(repositories.attach(new AttachRequest(body.text("type", false), body.text("path", false),
                    body.optionalText("uuid").orElse(null))));
        });
        routes.post("/v1/repository/inspect", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            ctx.json(repositories.inspect(new AttachRequest(body.text("type", false), body.text("path", false), null)));
        });
        routes.post("/v1/repository/detach", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            ctx.json(repositories.detach(new AttachRequest(body.text("type", false), body.text("path", false), null)));
        });
        routes.post("/v1/repository/grow-slots", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            ctx.json(repositories.growSlots(body.text("path", false), (int) body.integer("slots", 1, 255)));
        });
        routes.post("/v1/repository/convert-to-cluster", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            ctx.json(repositories.convertToCluster(body.text("path", false), (int) body.integer("slots", 1, 255)));
        });
    }
}
