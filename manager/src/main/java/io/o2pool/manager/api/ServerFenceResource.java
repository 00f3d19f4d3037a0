package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.status.FenceLog;
import java.util.List;

/**
 * {@code GET /api/servers/{id}/fence[?limit=N]}: the fence records the manager has seen for a server (read from its
 * agent, or a surviving member's, when the status monitor saw it fence), newest first, at most {@code limit}
 * (default {@value #DEFAULT_LIMIT}, 1-{@value #MAX_LIMIT}). Empty when it never fenced, or fenced on the kernel stack
 * (which writes no record).
 */
public final class ServerFenceResource implements ApiResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private final ApiDeps deps;

    public ServerFenceResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** The body: whose records, its status now, and the records. */
    public record ServerFences(long serverId, String name, String nodeName, Integer nodeNumber, ServerStatus status,
                               List<FenceRecord> records) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/servers/{id}/fence", this::records);
    }

    private void records(Context ctx) {
        long id = PathIds.id(ctx);
        Server s = deps.store().servers().find(id).orElseThrow(() -> ApiException.notFound("no server " + id));
        int limit = limit(ctx.queryParam("limit"));
        ctx.json(new ServerFences(s.id(), s.name(), s.nodeName(), s.nodeNumber(), s.status(),
                new FenceLog(deps.store().events()).records(id, limit)));
    }

    private static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        if (raw.matches("\\d{1,3}")) {
            int v = Integer.parseInt(raw);
            if (v >= 1 && v <= MAX_LIMIT) {
                return v;
            }
        }
        throw ApiException.badField("limit", "must be a number in 1-" + MAX_LIMIT);
    }
}
