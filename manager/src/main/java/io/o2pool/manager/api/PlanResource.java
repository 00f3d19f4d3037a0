package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.addserver.AddServersOperation;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/plan}: a dry run of any cluster change. It computes, with the same operation objects and from the
 * same reads of the store and the agents, exactly the plan the job would record and run now: every finding, the
 * generation, and per step every effect on every server (files with their diffs, stacks, repository, waits with
 * their bound). Nothing is stored and no server changes. Actions: {@code add_server} ({@code pool}, {@code servers}:
 * the Add Server fields of one or more servers), {@code remove_server} ({@code server_id}), {@code change_timeouts}
 * ({@code pool} and the timeouts to change), {@code resync} ({@code pool}).
 */
public final class PlanResource implements ApiResource {
    private static final Pattern ACTIONS = Pattern.compile(
            "add_server|remove_server|change_timeouts|resync|maintenance_enter|maintenance_exit");

    private final ApiDeps deps;

    public PlanResource(ApiDeps deps) {
        this.deps = deps;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/plan", this::plan);
    }

    private void plan(Context ctx) throws InterruptedException {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        String action = f.requiredString("action", 32, ACTIONS, "must be add_server, remove_server, change_timeouts,"
                + " resync, maintenance_enter or maintenance_exit");
        f.check();
        ChangePlan plan = switch (action) {
            case "add_server" -> planAdd(f);
            case "remove_server" -> planRemove(f);
            case "change_timeouts" -> planTimeouts(f);
            case "maintenance_enter", "maintenance_exit" -> planMaintenance(f, action.endsWith("enter"));
            default -> planResync(f);
        };
        ObjectNode out = deps.operations().codec().write(plan);
        out.put("action", action);
        ctx.json(out);
    }

    private ChangePlan planAdd(RequestFields f) throws InterruptedException {
        f.allowOnly("action", "pool", "servers", "grow_slots");
        boolean growSlots = Boolean.TRUE.equals(f.optionalBoolean("grow_slots", false));
        List<Server> candidates = new ArrayList<>();
        Pool pool = deps.store().jdbi().withHandle(h -> {
            Pool p = ServerRequest.pool(f, deps.store(), h);
            List<ServerRequest> requests = ServerRequest.readList(f, deps.store(), h, p, ServerBatchResource.MAX_BATCH);
            for (int i = 0; p != null && i < requests.size(); i++) { // not stored: ids only tell them apart
                candidates.add(withId(requests.get(i).toServer(p.id(), deps.clock().instant()), -1 - i));
            }
            return p;
        });
        f.check();
        AddServersOperation op = candidates.size() == 1 ? deps.operations().addServer()
                : deps.operations().batchAdd();
        return op.plan(PoolState.load(deps.store(), pool.id(), Set.of()), candidates, List.of(), growSlots).plan();
    }

    private ChangePlan planRemove(RequestFields f) throws InterruptedException {
        f.allowOnly("action", "server_id", "force");
        boolean force = f.optionalBoolean("force", false);
        Server server = server(f);
        return deps.operations().removeServer().plan(PoolState.load(deps.store(), server.poolId(), Set.of()), server,
                force, deps.store().vms().listByPool(server.poolId()));
    }

    private ChangePlan planMaintenance(RequestFields f, boolean enter) throws InterruptedException {
        f.allowOnly("action", "server_id");
        Server server = server(f);
        var op = enter ? deps.operations().enterMaintenance() : deps.operations().exitMaintenance();
        return op.plan(PoolState.load(deps.store(), server.poolId(), Set.of()), server,
                deps.store().vms().listByPool(server.poolId()));
    }

    private Server server(RequestFields f) {
        JsonNode id = f.body().get("server_id");
        if (id == null || !id.canConvertToLong()) {
            f.reject("server_id", "required: the id of the server to remove");
            f.check();
        }
        Server server = deps.store().servers().find(id.asLong()).orElse(null);
        if (server == null) {
            f.reject("server_id", "no server " + id.asLong());
            f.check();
        }
        f.check();
        return server;
    }

    private ChangePlan planTimeouts(RequestFields f) throws InterruptedException {
        f.allowOnly("action", "pool", "heartbeat_dead_threshold", "idle_timeout_ms", "keepalive_delay_ms",
                "reconnect_delay_ms", "stop_vms");
        boolean stopVms = Boolean.TRUE.equals(f.optionalBoolean("stop_vms", false));
        Pool pool = pool(f);
        return deps.operations().changeTimeouts().plan(PoolState.load(deps.store(), pool.id(), Set.of()),
                PoolsResource.wantedTimeouts(f, pool), deps.store().vms().listByPool(pool.id()), stopVms);
    }

    private ChangePlan planResync(RequestFields f) throws InterruptedException {
        f.allowOnly("action", "pool");
        Pool pool = pool(f);
        return deps.operations().resync().plan(PoolState.load(deps.store(), pool.id(), Set.of()),
                deps.clock().instant());
    }

    private Pool pool(RequestFields f) {
        Pool pool = deps.store().jdbi().withHandle(h -> ServerRequest.pool(f, deps.store(), h));
        f.check();
        return pool;
    }

    private static Server withId(Server s, long id) {
        return new Server(id, s.poolId(), s.host(), s.name(), s.type(), s.location(), s.description(), s.ipAddress(),
                s.nodeNumber(), s.nodeName(), s.status(), s.statusStep(), s.statusReason(), s.agentPort(),
                s.agentPassword(), s.agentFingerprint(), s.configGeneration(), s.createdAt(), s.updatedAt());
    }
}
