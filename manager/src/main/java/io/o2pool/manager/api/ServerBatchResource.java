package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.addserver.AddServersOperation;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/servers/batch}: adds several servers to one pool in one job and one config generation. Body:
 * {@code {"pool": NAME, "servers": [{host, name, type, ...}, ...]}}; errors name fields as {@code servers[i].field}.
 */
public final class ServerBatchResource implements ApiResource {
    /** The most servers one batch may add; larger sets take several jobs. */
    static final int MAX_BATCH = 64;

    private final ApiDeps deps;

    public ServerBatchResource(ApiDeps deps) {
        this.deps = deps;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/servers/batch", this::batch);
    }

    private void batch(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("pool", "servers", "grow_slots");
        boolean growSlots = Boolean.TRUE.equals(f.optionalBoolean("grow_slots", false));
        Instant now = deps.clock().instant();
        Job job = deps.store().jdbi().inTransaction(h -> {
            Pool pool = ServerRequest.pool(f, deps.store(), h);
            List<ServerRequest> requests = ServerRequest.readList(f, deps.store(), h, pool, MAX_BATCH);
            f.check();
            List<Long> ids = new ArrayList<>();
            for (ServerRequest r : requests) {
                ids.add(deps.store().servers().insert(h, r.toServer(pool.id(), now)).id());
            }
            return deps.engine().enqueue(h, pool.id(), JobKind.BATCH_ADD, null, null,
                    AddServersOperation.input(deps.json(), ids, growSlots), TokenAuth.userName(ctx));
        });
        deps.store().events().append("server.added", job.poolId(), null, job.id(), "batch Add Server job " + job.id()
                + " queued for servers " + job.input());
        deps.engine().dispatch(job.poolId());
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }
}
