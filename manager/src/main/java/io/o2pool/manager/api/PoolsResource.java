package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.changetimeouts.ChangeTimeoutsOperation;
import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import java.time.Instant;
import java.util.List;

/** {@code GET|POST /api/pools} and {@code GET /api/pools/{id}}: server pools with their o2cb settings and members. */
public final class PoolsResource implements ApiResource {
    private final ApiDeps deps;

    public PoolsResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** A pool as the API shows it, with its servers when one pool is asked for. */
    public record PoolView(long id, String name, String clusterName, int ipPort, int heartbeatDeadThreshold,
                           int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs, int maxNodes,
                           RepositoryType repositoryType, String repositoryPath, String repositoryUuid,
                           HeartbeatMode heartbeatMode, Boolean loopbackPool, long generation, Instant createdAt,
                           List<ServersResource.ServerView> servers) {
        static PoolView of(Pool p, List<Server> servers) {
            O2cbTimeouts t = p.timeouts();
            return new PoolView(p.id(), p.name(), p.clusterName(), p.ipPort(), t.heartbeatDeadThreshold(),
                    t.idleTimeoutMs(), t.keepaliveDelayMs(), t.reconnectDelayMs(), p.maxNodes(), p.repositoryType(),
                    p.repositoryPath(), p.repositoryUuid(), p.heartbeatMode(), p.loopbackPool(), p.generation(), p.createdAt(),
                    servers == null ? null : servers.stream().map(ServersResource.ServerView::of).toList());
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/pools", this::list);
        routes.post("/api/pools", this::create);
        routes.get("/api/pools/{id}", this::get);
        routes.put("/api/pools/{id}/timeouts", this::changeTimeouts);
        routes.get("/api/pools/{id}/drift", this::drift);
        routes.post("/api/pools/{id}/resync", this::resync);
    }

    /** {@code GET /api/pools/{id}/drift}: the members whose live configuration differs from the pool's, with diffs. */
    private void drift(Context ctx) {
        long id = PathIds.id(ctx);
        deps.store().pools().find(id).orElseThrow(() -> ApiException.notFound("no pool " + id));
        ctx.json(deps.store().drifts().listByPool(id));
    }

    /**
     * {@code POST /api/pools/{id}/resync}: queues a Re-sync job that puts the pool's files on every member as a new
     * generation (the status monitor queues one by itself when it finds drift on a reachable member).
     */
    private void resync(Context ctx) {
        long id = PathIds.id(ctx);
        Pool pool = deps.store().pools().find(id).orElseThrow(() -> ApiException.notFound("no pool " + id));
        Job job = deps.store().jdbi().inTransaction(h -> deps.engine().enqueue(h, id, JobKind.RESYNC, null, null,
                deps.json().createObjectNode()));
        deps.store().events().append("config.resync", id, null, job.id(), "Re-sync job " + job.id()
                + " queued for pool " + pool.name() + " by a user");
        deps.engine().dispatch(id);
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }

    /**
     * {@code PUT /api/pools/{id}/timeouts}: queues a Change Timeouts job (every node stops heartbeating, takes the new
     * values, starts again; refused by the job while VMs run). Fields left out keep their current value.
     */
    private void changeTimeouts(Context ctx) {
        long id = PathIds.id(ctx);
        Pool pool = deps.store().pools().find(id).orElseThrow(() -> ApiException.notFound("no pool " + id));
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("heartbeat_dead_threshold", "idle_timeout_ms", "keepalive_delay_ms", "reconnect_delay_ms");
        O2cbTimeouts wanted = wantedTimeouts(f, pool);
        if (wanted.equals(pool.timeouts())) {
            throw ApiException.badField("heartbeat_dead_threshold", "pool " + pool.name() + " already has these timeouts; give at least one"
                    + " different value");
        }
        Job job = deps.store().jdbi().inTransaction(h -> deps.engine().enqueue(h, id, JobKind.CHANGE_TIMEOUTS, null,
                null, ChangeTimeoutsOperation.input(deps.json(), wanted)));
        deps.store().events().append("pool.timeouts", id, null, job.id(), "Change Timeouts job " + job.id()
                + " queued for pool " + pool.name() + ": " + ChangeTimeoutsOperation.describe(wanted));
        deps.engine().dispatch(id);
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }

    /** The timeouts a request asks for: each field validated, a field left out keeps the pool's value. */
    static O2cbTimeouts wantedTimeouts(RequestFields f, Pool pool) {
        O2cbTimeouts wanted = readTimeouts(f, pool.timeouts());
        f.check();
        return wanted;
    }

    /**
     * Reads the four timeout fields over {@code base} (a field left out keeps its value), rejecting each bad one by
     * the ocfs2 module's rules; null when one was rejected.
     */
    static O2cbTimeouts readTimeouts(RequestFields f, O2cbTimeouts base) {
        int dead = f.optionalInt("heartbeat_dead_threshold", base.heartbeatDeadThreshold(),
                O2cbTimeouts.MIN_DEAD_THRESHOLD, 65535);
        int idle = f.optionalInt("idle_timeout_ms", base.idleTimeoutMs(), O2cbTimeouts.MIN_IDLE_TIMEOUT_MS,
                Integer.MAX_VALUE);
        int keepalive = f.optionalInt("keepalive_delay_ms", base.keepaliveDelayMs(),
                O2cbTimeouts.MIN_KEEPALIVE_DELAY_MS, Integer.MAX_VALUE);
        int reconnect = f.optionalInt("reconnect_delay_ms", base.reconnectDelayMs(),
                O2cbTimeouts.MIN_RECONNECT_DELAY_MS, Integer.MAX_VALUE);
        if (f.hasErrors()) {
            return null;
        }
        String problem = O2cbTimeouts.problem(dead, idle, keepalive, reconnect); // "field: what is wrong"
        if (problem != null) {
            int colon = problem.indexOf(": ");
            f.reject(problem.substring(0, colon), problem.substring(colon + 2));
            return null;
        }
        return new O2cbTimeouts(dead, idle, keepalive, reconnect);
    }

    private void list(Context ctx) {
        ctx.json(deps.store().pools().list().stream().map(p -> PoolView.of(p, null)).toList());
    }

    private void get(Context ctx) {
        long id = PathIds.id(ctx);
        Pool pool = deps.store().pools().find(id).orElseThrow(() -> ApiException.notFound("no pool " + id));
        ctx.json(PoolView.of(pool, deps.store().servers().listByPool(id)));
    }

    private void create(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("name", "cluster_name", "ip_port", "heartbeat_dead_threshold", "idle_timeout_ms",
                "keepalive_delay_ms", "reconnect_delay_ms", "max_nodes", "repository_type", "repository_path",
                "repository_uuid", "heartbeat_mode", "loopback_pool");
        String name = f.requiredString("name", 64, Patterns.NAME, Patterns.NAME_HINT);
        String cluster = f.optionalString("cluster_name", 16, Patterns.CLUSTER_NAME, Patterns.CLUSTER_NAME_HINT,
                Pool.DEFAULT_CLUSTER_NAME);
        int port = f.optionalInt("ip_port", Pool.DEFAULT_IP_PORT, 1, 65535);
        O2cbTimeouts timeouts = readTimeouts(f, O2cbTimeouts.defaults());
        int maxNodes = f.optionalInt("max_nodes", Pool.DEFAULT_MAX_NODES, 1, Pool.MAX_NODES_LIMIT);
        RepositoryType repoType = f.optionalEnum("repository_type", RepositoryType.class, RepositoryType.OCFS2);
        String repoPath = f.requiredString("repository_path", 1024, null, "");
        String repoUuid = f.optionalString("repository_uuid", 36, Patterns.UUID, Patterns.UUID_HINT, null);
        HeartbeatMode hb = f.optionalEnum("heartbeat_mode", HeartbeatMode.class, HeartbeatMode.LOCAL);
        Boolean loopbackPool = f.optionalBoolean("loopback_pool", null);
        if (name != null && deps.store().jdbi().withHandle(h -> deps.store().pools().findByName(h, name)).isPresent()) {
            f.reject("name", "a pool named " + name + " exists");
        }
        f.check();
        Pool created = deps.store().jdbi().inTransaction(h -> deps.store().pools().insert(h, new Pool(0, name,
                cluster, port, timeouts, maxNodes, repoType, repoPath,
                repoUuid == null ? null : repoUuid.toLowerCase(java.util.Locale.ROOT), hb, loopbackPool, 0,
                deps.clock().instant())));
        deps.store().events().append("pool.created", created.id(), null, null, "pool " + name + " created (cluster "
                + cluster + ", port " + port + ", " + repoType + " " + repoPath + ")");
        ctx.status(201).json(PoolView.of(created, List.of()));
    }
}
