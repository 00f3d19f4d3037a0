package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.addserver.AddServersOperation;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import io.o2pool.manager.status.FenceLog;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * {@code GET|POST /api/servers}, {@code GET|DELETE /api/servers/{id}}: servers (a FENCED one with its newest fence
 * record), Add Server (returns the job) and Remove Server. Every field is checked before anything is stored.
 */
public final class ServersResource implements ApiResource {
    private final ApiDeps deps;

    public ServersResource(ApiDeps deps) {
        this.deps = deps;
    }

    /**
     * A server as the API shows it; the agent password is never shown. {@code fence} is the newest fence record the
     * manager has seen for it while it is FENCED, else null.
     */
    public record ServerView(long id, long poolId, String host, String name, ServerType type, String location,
                             String description, String ipAddress, Integer nodeNumber, String nodeName,
                             ServerStatus status, String statusStep, String statusReason, int agentPort,
                             String agentFingerprint, long configGeneration, Instant createdAt, Instant updatedAt,
                             FenceRecord fence) {
        static ServerView of(Server s) {
            return of(s, null);
        }

        static ServerView of(Server s, FenceRecord fence) {
            return new ServerView(s.id(), s.poolId(), s.host(), s.name(), s.type(), s.location(), s.description(),
                    s.ipAddress(), s.nodeNumber(), s.nodeName(), s.status(), s.statusStep(), s.statusReason(),
                    s.agentPort(), s.agentFingerprint(), s.configGeneration(), s.createdAt(), s.updatedAt(), fence);
        }

        /** The view with its fence record when FENCED (one query per FENCED server). */
        static ServerView withFence(Server s, FenceLog fences) {
            return of(s, s.status() == ServerStatus.FENCED ? fences.latest(s.id()).orElse(null) : null);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/servers", this::list);
        routes.post("/api/servers", this::add);
        routes.get("/api/servers/{id}", this::get);
        routes.delete("/api/servers/{id}", this::remove);
    }

    private void list(Context ctx) {
        FenceLog fences = new FenceLog(deps.store().events());
        ctx.json(deps.store().servers().list().stream().map(s -> ServerView.withFence(s, fences)).toList());
    }

    private void get(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(ServerView.withFence(deps.store().servers().find(id)
                .orElseThrow(() -> ApiException.notFound("no server " + id)), new FenceLog(deps.store().events())));
    }

    private void add(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        String[] allowed = java.util.Arrays.copyOf(ServerRequest.FIELDS, ServerRequest.FIELDS.length + 1);
        allowed[allowed.length - 1] = "pool";
        f.allowOnly(allowed);
        Instant now = deps.clock().instant();
        Job job = deps.store().jdbi().inTransaction(h -> {
            Pool pool = ServerRequest.pool(f, deps.store(), h);
            ServerRequest req = ServerRequest.read(f, deps.store(), h, new HashSet<>(), new HashSet<>());
            if (pool != null) {
                ServerRequest.checkCapacity(f, deps.store(), h, pool, 1);
            }
            f.check();
            Server server = deps.store().servers().insert(h, req.toServer(pool.id(), now));
            return deps.engine().enqueue(h, pool.id(), JobKind.ADD_SERVER, server.id(), null,
                    AddServersOperation.input(deps.json(), List.of(server.id())));
        });
        Server server = deps.store().servers().find(job.serverId()).orElseThrow();
        deps.store().events().append("server.added", job.poolId(), server.id(), job.id(), "server " + server.name()
                + " (" + server.host() + ", " + server.type() + ") accepted; Add Server job " + job.id() + " queued");
        deps.engine().dispatch(job.poolId());
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }

    private void remove(Context ctx) {
        long id = PathIds.id(ctx);
        Server server = deps.store().servers().find(id).orElseThrow(() -> ApiException.notFound("no server " + id));
        switch (server.status()) {
            case ADDING, REMOVING -> throw ApiException.conflict("server " + server.name() + " is " + server.status()
                    + "; wait for its job to end");
            case ACTIVE, UNREACHABLE, DEAD, FENCED, MAINTENANCE, ERROR -> { }
        }
        if (server.nodeNumber() == null) {
            // never joined (or its add was rolled back): nothing on any node to change
            deps.store().jdbi().useHandle(h -> deps.store().servers().delete(h, id));
            deps.store().events().append("server.removed", server.poolId(), id, null,
                    "server " + server.name() + " removed (it held no node number)");
            ctx.status(204);
            return;
        }
        Job job = deps.store().jdbi().inTransaction(h -> {
            deps.store().servers().setStatus(h, id, ServerStatus.REMOVING, null, null, deps.clock().instant());
            var input = deps.json().createObjectNode().put("server_id", id);
            return deps.engine().enqueue(h, server.poolId(), JobKind.REMOVE_SERVER, id, null, input);
        });
        deps.store().events().append("server.removing", server.poolId(), id, job.id(),
                "Remove Server job " + job.id() + " queued for " + server.name());
        deps.engine().dispatch(server.poolId());
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }
}
