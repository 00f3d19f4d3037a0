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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET|POST /api/pools} and {@code GET|PATCH|DELETE /api/pools/{id}}: server pools with their o2cb settings and
 * members; plus the pool-wide changes (timeouts, drift, re-sync).
 */
public final class PoolsResource implements ApiResource {
    /** Every field of a pool a request may set, as the API spells them. */
    private static final String[] FIELDS = {"name", "cluster_name", "ip_port", "heartbeat_dead_threshold",
        "idle_timeout_ms", "keepalive_delay_ms", "reconnect_delay_ms", "max_nodes", "repository_type",
        "repository_path", "repository_uuid", "heartbeat_mode", "loopback_pool"};

    private static final String TIMEOUTS_REASON = "the timeouts change through PUT /api/pools/{id}/timeouts (Change"
            + " Timeouts), a job that restarts every node's heartbeat with the new values at once";

    /**
     * The fields the pool's cluster is built from, each with why it cannot change while the pool has servers: their
     * files, stacks or repository carry the value. Only {@code name} (the manager's own label; agents know the pool
     * by its id) may change then, and {@code max_nodes} may be raised (see {@link #raisable}). A pool without servers
     * may change any field: nothing runs it.
     */
    static final Map<String, String> CLUSTER_FIELDS = clusterFields();

    private static Map<String, String> clusterFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cluster_name", "every member's cluster.conf and o2cb defaults name the cluster, and its running stack"
                + " is registered under that name");
        m.put("ip_port", "every member's o2net listens on this port and connects to its peers at it");
        m.put("heartbeat_mode", "every member's cluster.conf sets this heartbeat mode");
        m.put("heartbeat_dead_threshold", TIMEOUTS_REASON);
        m.put("idle_timeout_ms", TIMEOUTS_REASON);
        m.put("keepalive_delay_ms", TIMEOUTS_REASON);
        m.put("reconnect_delay_ms", TIMEOUTS_REASON);
        m.put("max_nodes", "the members' node numbers were given under it; it may only be raised (Add Server then"
                + " checks the volume's node slots: repository.slots, grow_slots)");
        m.put("repository_type", "every member mounts the repository as this type");
        m.put("repository_path", "every member mounts the repository from this device or export");
        m.put("repository_uuid", "every member verified the repository by this UUID when it mounted it");
        m.put("loopback_pool", "the members' cluster addresses and host names were checked against it when they"
                + " joined");
        return java.util.Collections.unmodifiableMap(m);
    }

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
        routes.patch("/api/pools/{id}", this::update);
        routes.delete("/api/pools/{id}", this::delete);
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
                deps.json().createObjectNode(), TokenAuth.userName(ctx)));
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
        f.allowOnly("heartbeat_dead_threshold", "idle_timeout_ms", "keepalive_delay_ms", "reconnect_delay_ms",
                "stop_vms");
        boolean stopVms = Boolean.TRUE.equals(f.optionalBoolean("stop_vms", false));
        O2cbTimeouts wanted = wantedTimeouts(f, pool);
        if (wanted.equals(pool.timeouts())) {
            throw ApiException.badField("heartbeat_dead_threshold", "pool " + pool.name() + " already has these timeouts; give at least one"
                    + " different value");
        }
        Job job = deps.store().jdbi().inTransaction(h -> deps.engine().enqueue(h, id, JobKind.CHANGE_TIMEOUTS, null,
                null, ChangeTimeoutsOperation.input(deps.json(), wanted, stopVms), TokenAuth.userName(ctx)));
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
        f.allowOnly(FIELDS);
        Pool defaults = new Pool(0, null, Pool.DEFAULT_CLUSTER_NAME, Pool.DEFAULT_IP_PORT, O2cbTimeouts.defaults(),
                Pool.DEFAULT_MAX_NODES, RepositoryType.OCFS2, null, null, HeartbeatMode.LOCAL, null, 0,
                deps.clock().instant());
        Pool wanted = readPool(f, defaults, true);
        Pool created = deps.store().jdbi().inTransaction(h -> {
            rejectTakenName(f, h, wanted, null);
            f.check();
            return deps.store().pools().insert(h, wanted);
        });
        deps.store().events().appendBy(TokenAuth.userName(ctx),
                    "pool.created", created.id(), null, null, "pool " + created.name()
                + " created (cluster " + created.clusterName() + ", port " + created.ipPort() + ", "
                + created.repositoryType() + " " + created.repositoryPath() + ")");
        ctx.status(201).json(PoolView.of(created, List.of()));
    }

    /**
     * {@code PATCH /api/pools/{id}}: changes the fields given (each validated as at creation; a field left out keeps
     * its value). While the pool has servers only its name may change and its max_nodes be raised: any other changed
     * {@link #CLUSTER_FIELDS cluster field} is a 409 naming the field and why. An unchanged value is no change. {@code repository_uuid} or
     * {@code loopback_pool} given as null (or the UUID as "") clears it; a new {@code repository_path} without a UUID
     * clears the UUID, learned again from the first server.
     */
    private void update(Context ctx) {
        long id = PathIds.id(ctx);
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly(FIELDS);
        record Outcome(Pool pool, List<Server> servers, List<String> changes) {
        }
        Outcome outcome = deps.store().jdbi().inTransaction(h -> {
            Pool pool = deps.store().pools().findForUpdate(h, id)
                    .orElseThrow(() -> ApiException.notFound("no pool " + id));
            Pool wanted = readPool(f, pool, false);
            rejectTakenName(f, h, wanted, pool);
            f.check();
            Map<String, String> changes = changes(pool, wanted);
            List<Server> servers = deps.store().servers().listByPool(h, id);
            java.util.Set<String> refusable = new java.util.LinkedHashSet<>(changes.keySet());
            refusable.removeIf(field -> raisable(field, pool, wanted));
            refuseClusterChanges(pool, servers, refusable);
            if (!changes.isEmpty()) {
                deps.store().pools().update(h, wanted);
            }
            return new Outcome(deps.store().pools().find(h, id).orElseThrow(), servers,
                    new ArrayList<>(changes.values()));
        });
        if (!outcome.changes().isEmpty()) {
            deps.store().events().appendBy(TokenAuth.userName(ctx),
                    "pool.updated", id, null, null, "pool " + outcome.pool().name()
                    + " changed by " + TokenAuth.userName(ctx) + ": " + String.join(", ", outcome.changes()));
        }
        ctx.json(PoolView.of(outcome.pool(), outcome.servers()));
    }

    /**
     * {@code DELETE /api/pools/{id}}: deletes a pool without servers, with its finished jobs (the events keep its
     * history). A 409 names the servers while it has any, or says a job of it is still queued or running.
     */
    private void delete(Context ctx) {
        long id = PathIds.id(ctx);
        record Deleted(Pool pool, int jobs) {
        }
        Deleted deleted = deps.store().jdbi().inTransaction(h -> {
            Pool pool = deps.store().pools().findForUpdate(h, id)
                    .orElseThrow(() -> ApiException.notFound("no pool " + id));
            List<Server> servers = deps.store().servers().listByPool(h, id);
            if (!servers.isEmpty()) {
                throw ApiException.conflict("pool " + pool.name() + " has " + servers.size() + " server(s): "
                        + String.join(", ", servers.stream().map(Server::name).toList())
                        + "; remove them first (Remove Server), then delete the pool");
            }
            if (deps.store().jobs().hasUnfinishedJob(id)) {
                throw ApiException.conflict("pool " + pool.name() + " has a job queued, running or rolling back;"
                        + " wait for it to end, then delete the pool");
            }
            return new Deleted(pool, deps.store().pools().delete(h, id));
        });
        deps.store().events().appendBy(TokenAuth.userName(ctx),
                    "pool.deleted", id, null, null, "pool " + deleted.pool().name()
                + " deleted by " + TokenAuth.userName(ctx) + (deleted.jobs() == 0 ? "" : " with its " + deleted.jobs()
                + " finished job(s)"));
        ctx.status(204);
    }

    /**
     * The pool a request describes: each field given validated (rejected into {@code f}), each field left out as in
     * {@code base}. {@code name} and {@code repository_path} are required when {@code creating}. Null fields of the
     * result are rejected ones: call {@link RequestFields#check()} before using it.
     */
    private Pool readPool(RequestFields f, Pool base, boolean creating) {
        String name = creating ? f.requiredString("name", 64, Patterns.NAME, Patterns.NAME_HINT)
                : f.optionalString("name", 64, Patterns.NAME, Patterns.NAME_HINT, base.name());
        String cluster = f.optionalString("cluster_name", 16, Patterns.CLUSTER_NAME, Patterns.CLUSTER_NAME_HINT,
                base.clusterName());
        int port = f.optionalInt("ip_port", base.ipPort(), 1, 65535);
        O2cbTimeouts timeouts = readTimeouts(f, base.timeouts());
        int maxNodes = f.optionalInt("max_nodes", base.maxNodes(), 1, Pool.MAX_NODES_LIMIT);
        RepositoryType repoType = f.optionalEnum("repository_type", RepositoryType.class, base.repositoryType());
        String repoPath = creating ? f.requiredString("repository_path", 1024, null, "")
                : f.optionalString("repository_path", 1024, null, "", base.repositoryPath());
        boolean newPath = !creating && repoPath != null && !repoPath.equals(base.repositoryPath());
        String repoUuid = cleared(f, "repository_uuid") ? null : f.optionalString("repository_uuid", 36,
                Patterns.UUID, Patterns.UUID_HINT, newPath ? null : base.repositoryUuid());
        HeartbeatMode hb = f.optionalEnum("heartbeat_mode", HeartbeatMode.class, base.heartbeatMode());
        Boolean loopbackPool = cleared(f, "loopback_pool") ? null
                : f.optionalBoolean("loopback_pool", base.loopbackPool());
        if (f.hasErrors()) {
            return base; // check() throws before anyone reads it
        }
        return new Pool(base.id(), name, cluster, port, timeouts, maxNodes, repoType, repoPath,
                repoUuid == null ? null : repoUuid.toLowerCase(Locale.ROOT), hb, loopbackPool, base.generation(),
                base.createdAt());
    }

    /**
     * Whether changing {@code field} from {@code from} to {@code to} is allowed while the pool has servers although it
     * is a cluster field: raising {@code max_nodes}. No member's files, stack or mount carry it: it bounds the node
     * numbers Add Server gives (the members' stay below the old bound) and sized the slots of a volume o2pool converted
     * to cluster mode, which Add Server checks against the nodes the pool will have (finding repository.slots; grown
     * with grow_slots). Lowering it stays refused: a member's number could lie outside it.
     */
    static boolean raisable(String field, Pool from, Pool to) {
        return field.equals("max_nodes") && to.maxNodes() > from.maxNodes();
    }

    /** Whether the request gives {@code field} as null or "" (clear it), as opposed to leaving it out. */
    private static boolean cleared(RequestFields f, String field) {
        var n = f.body().get(field);
        return n != null && (n.isNull() || (n.isTextual() && n.asText().isBlank()));
    }

    /** Rejects {@code wanted}'s name when another pool than {@code self} (null: none yet) has it. */
    private void rejectTakenName(RequestFields f, org.jdbi.v3.core.Handle h, Pool wanted, Pool self) {
        if (f.rejected("name") || wanted.name() == null || (self != null && wanted.name().equals(self.name()))) {
            return;
        }
        if (deps.store().pools().findByName(h, wanted.name()).isPresent()) {
            f.reject("name", "a pool named " + wanted.name() + " exists");
        }
    }

    /** The fields whose value differs between {@code from} and {@code to}, each with "field old -> new", in order. */
    static Map<String, String> changes(Pool from, Pool to) {
        Map<String, String> changes = new LinkedHashMap<>();
        change(changes, "name", from.name(), to.name());
        change(changes, "cluster_name", from.clusterName(), to.clusterName());
        change(changes, "ip_port", from.ipPort(), to.ipPort());
        change(changes, "heartbeat_dead_threshold", from.timeouts().heartbeatDeadThreshold(),
                to.timeouts().heartbeatDeadThreshold());
        change(changes, "idle_timeout_ms", from.timeouts().idleTimeoutMs(), to.timeouts().idleTimeoutMs());
        change(changes, "keepalive_delay_ms", from.timeouts().keepaliveDelayMs(), to.timeouts().keepaliveDelayMs());
        change(changes, "reconnect_delay_ms", from.timeouts().reconnectDelayMs(), to.timeouts().reconnectDelayMs());
        change(changes, "max_nodes", from.maxNodes(), to.maxNodes());
        change(changes, "repository_type", from.repositoryType(), to.repositoryType());
        change(changes, "repository_path", from.repositoryPath(), to.repositoryPath());
        if (!(Objects.equals(from.repositoryUuid(), to.repositoryUuid())
                || Pool.sameUuid(from.repositoryUuid(), to.repositoryUuid()))) {
            change(changes, "repository_uuid", from.repositoryUuid(), to.repositoryUuid());
        }
        change(changes, "heartbeat_mode", from.heartbeatMode(), to.heartbeatMode());
        change(changes, "loopback_pool", from.loopbackPool(), to.loopbackPool());
        return changes;
    }

    private static void change(Map<String, String> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, field + " " + (from == null ? "unset" : from) + " -> " + (to == null ? "unset" : to));
        }
    }

    /**
     * A 409 naming every changed {@link #CLUSTER_FIELDS cluster field} with its reason, when the pool has servers: their
     * files, stacks or repository carry those values.
     */
    private static void refuseClusterChanges(Pool pool, List<Server> servers, java.util.Set<String> changed) {
        if (servers.isEmpty()) {
            return;
        }
        List<ApiException.FieldError> refused = changed.stream().filter(CLUSTER_FIELDS::containsKey)
                .map(field -> new ApiException.FieldError(field, "cannot change while the pool has servers: "
                        + CLUSTER_FIELDS.get(field).replace("{id}", String.valueOf(pool.id()))))
                .toList();
        if (!refused.isEmpty()) {
            throw new ApiException(409, "pool " + pool.name() + " has " + servers.size() + " server(s) ("
                    + String.join(", ", servers.stream().map(Server::name).toList()) + "), so only its name may"
                    + " change and its max_nodes be raised: " + String.join("; ", refused.stream().map(e -> e.field() + " "
                    + e.message()).toList()) + ". Remove the servers first, or create another pool",
                    refused);
        }
    }
}
