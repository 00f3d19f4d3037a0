package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.addserver.AddServersOperation;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.maintenance.MaintenanceOperation;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.removeserver.RemoveServerOperation;
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
     * manager has seen for it while it is FENCED, else null. {@code heartbeat} is its node's heartbeat health as its
     * agent last reported it to the status monitor (level OK or WARNING with the reasons, its write latencies and near
     * misses, each peer's last changed sample and o2net link) while it heartbeats, else null.
     */
    public record ServerView(long id, long poolId, String host, String name, ServerType type, String location,
                             String description, String ipAddress, Integer nodeNumber, String nodeName,
                             ServerStatus status, String statusStep, String statusReason, int agentPort,
                             String agentFingerprint, long configGeneration, Instant createdAt, Instant updatedAt,
                             FenceRecord fence, io.o2pool.agent.api.HeartbeatReport heartbeat) {
        static ServerView of(Server s) {
            return of(s, null, null);
        }

        static ServerView of(Server s, FenceRecord fence, io.o2pool.agent.api.HeartbeatReport heartbeat) {
            return new ServerView(s.id(), s.poolId(), s.host(), s.name(), s.type(), s.location(), s.description(),
                    s.ipAddress(), s.nodeNumber(), s.nodeName(), s.status(), s.statusStep(), s.statusReason(),
                    s.agentPort(), s.agentFingerprint(), s.configGeneration(), s.createdAt(), s.updatedAt(), fence,
                    heartbeat);
        }

        /** The view with its fence record when FENCED (one query per FENCED server) and its heartbeat health. */
        static ServerView withFence(Server s, FenceLog fences, io.o2pool.manager.status.HeartbeatBoard heartbeats) {
            return of(s, s.status() == ServerStatus.FENCED ? fences.latest(s.id()).orElse(null) : null,
                    heartbeats.of(s.id()).orElse(null));
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/servers", this::list);
        routes.post("/api/servers", this::add);
        routes.get("/api/servers/{id}", this::get);
        routes.delete("/api/servers/{id}", this::remove);
        routes.post("/api/servers/{id}/maintenance", this::maintenance);
    }

    private void list(Context ctx) {
        FenceLog fences = new FenceLog(deps.store().events());
        ctx.json(deps.store().servers().list().stream().map(s -> ServerView.withFence(s, fences, deps.heartbeats()))
                .toList());
    }

    private void get(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(ServerView.withFence(deps.store().servers().find(id)
                .orElseThrow(() -> ApiException.notFound("no server " + id)), new FenceLog(deps.store().events()),
                deps.heartbeats()));
    }

    private void add(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        String[] allowed = java.util.Arrays.copyOf(ServerRequest.FIELDS, ServerRequest.FIELDS.length + 2);
        allowed[allowed.length - 2] = "pool";
        allowed[allowed.length - 1] = "grow_slots";
        f.allowOnly(allowed);
        boolean growSlots = Boolean.TRUE.equals(f.optionalBoolean("grow_slots", false));
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
                    AddServersOperation.input(deps.json(), List.of(server.id()), growSlots), TokenAuth.userName(ctx));
        });
        Server server = deps.store().servers().find(job.serverId()).orElseThrow();
        deps.store().events().append("server.added", job.poolId(), server.id(), job.id(), "server " + server.name()
                + " (" + server.host() + ", " + server.type() + ") accepted; Add Server job " + job.id() + " queued");
        deps.engine().dispatch(job.poolId());
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }

    /**
     * {@code DELETE /api/servers/{id}[?force=true]}: Remove Server. Graceful (the server answers, runs no VM: it leaves
     * the cluster, then every member drops it); {@code force} only for a DEAD or FENCED server (the members drop it
     * without contacting it; refused, naming who still sees it live, otherwise). Both are jobs with a plan.
     */
    private void remove(Context ctx) {
        long id = PathIds.id(ctx);
        String rawForce = ctx.queryParam("force");
        if (rawForce != null && !rawForce.equals("true") && !rawForce.equals("false")) {
            throw ApiException.badField("force", "must be true or false");
        }
        boolean force = "true".equals(rawForce);
        Server server = deps.store().servers().find(id).orElseThrow(() -> ApiException.notFound("no server " + id));
        switch (server.status()) {
            case ADDING, REMOVING -> throw ApiException.conflict("server " + server.name() + " is " + server.status()
                    + "; wait for its job to end");
            case ACTIVE, UNREACHABLE, DEAD, FENCED, MAINTENANCE, ERROR -> { }
        }
        if (force && !server.status().isDead()) {
            throw ApiException.conflict("server " + server.name() + " is " + server.status() + ": only a DEAD or"
                    + " FENCED server is removed by force (the disk heartbeat must have declared it dead); "
                    + (server.status() == ServerStatus.UNREACHABLE ? "its heartbeat may still be live" : "remove it"
                    + " without force"));
        }
        if (server.nodeNumber() == null) {
            // never joined (or its add was rolled back): nothing on any node to change
            deps.store().jdbi().useHandle(h -> deps.store().servers().delete(h, id));
            deps.store().events().appendBy(TokenAuth.userName(ctx),
                    "server.removed", server.poolId(), id, null,
                    "server " + server.name() + " removed (it held no node number)");
            ctx.status(204);
            return;
        }
        Job job = deps.store().jdbi().inTransaction(h -> {
            deps.store().servers().setStatus(h, id, ServerStatus.REMOVING, null, null, deps.clock().instant());
            var input = RemoveServerOperation.input(deps.json(), id, force).put("status_before",
                    server.status().name());
            return deps.engine().enqueue(h, server.poolId(), JobKind.REMOVE_SERVER, id, null, input,
                    TokenAuth.userName(ctx));
        });
        deps.store().events().append("server.removing", server.poolId(), id, job.id(), (force ? "forced " : "")
                + "Remove Server job " + job.id() + " queued for " + server.name());
        deps.engine().dispatch(server.poolId());
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }

    /**
     * {@code POST /api/servers/{id}/maintenance} with {@code {"action": "enter"}} or {@code {"action": "exit"}}: a
     * job that takes a live server out (detach, stop its stack; status MAINTENANCE) or brings it back (re-sync its
     * files to the pool's generation, start its stack, attach, wait live; ACTIVE).
     */
    private void maintenance(Context ctx) {
        long id = PathIds.id(ctx);
        Server server = deps.store().servers().find(id).orElseThrow(() -> ApiException.notFound("no server " + id));
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("action");
        String action = f.requiredString("action", 8, java.util.regex.Pattern.compile("enter|exit"),
                "must be enter or exit");
        f.check();
        boolean enter = action.equals("enter");
        ServerStatus expected = enter ? ServerStatus.ACTIVE : ServerStatus.MAINTENANCE;
        if (server.status() != expected && (enter || !server.status().isDead())) {
            throw ApiException.conflict("server " + server.name() + " is " + server.status() + "; "
                    + (enter ? "only an ACTIVE server enters maintenance" : "only a server in MAINTENANCE (or one"
                    + " that was DEAD and answers again) is brought back"));
        }
        JobKind kind = enter ? JobKind.MAINTENANCE_ENTER : JobKind.MAINTENANCE_EXIT;
        Job job = deps.store().jdbi().inTransaction(h -> deps.engine().enqueue(h, server.poolId(), kind, id, null,
                MaintenanceOperation.input(deps.json(), id), TokenAuth.userName(ctx)));
        deps.store().events().append("server.maintenance", server.poolId(), id, job.id(), (enter ? "Enter" : "Exit")
                + " maintenance job " + job.id() + " queued for " + server.name());
        deps.engine().dispatch(server.poolId());
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }
}
