package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ClusterConfRenderer;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.ConfigPlan;
import io.o2pool.manager.planner.NodeNumbers;
import io.o2pool.manager.planner.NodeSpec;
import io.o2pool.manager.planner.ObservedNode;
import io.o2pool.manager.planner.Planner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/plan}: a dry run. For {@code {"action": "add_server", "pool": NAME, "servers": [...]}} or
 * {@code {"action": "remove_server", "server_id": ID}} it returns the next generation's exact cluster.conf and, per
 * server, what would change with a unified diff — from the pool as the store knows it, without contacting agents or
 * storing anything. Node names are the server names until the agents report their host names.
 */
public final class PlanResource implements ApiResource {
    private final ApiDeps deps;

    public PlanResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** The dry-run result. */
    public record PlanView(String action, String pool, ConfigPlan plan, List<String> notes) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/plan", this::plan);
    }

    private void plan(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("action", "pool", "servers", "server_id");
        String action = f.requiredString("action", 32, java.util.regex.Pattern.compile("add_server|remove_server"),
                "must be add_server or remove_server");
        f.check();
        ctx.json(action.equals("add_server") ? planAdd(f) : planRemove(f));
    }

    private PlanView planAdd(RequestFields f) {
        List<NodeSpec> adding = new ArrayList<>();
        Pool pool = deps.store().jdbi().withHandle(h -> {
            Pool p = ServerRequest.pool(f, deps.store(), h);
            JsonNode list = f.body().get("servers");
            if (list == null || !list.isArray() || list.isEmpty()) {
                f.reject("servers", "required: a non-empty array of servers");
                return p;
            }
            Set<String> names = new HashSet<>();
            Set<String> hosts = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof ObjectNode entry)) {
                    f.reject("servers[" + i + "]", "must be an object");
                    continue;
                }
                RequestFields nested = f.nested(entry, "servers[" + i + "]");
                nested.allowOnly(ServerRequest.FIELDS);
                if (!entry.has("agent_password")) {
                    entry.put("agent_password", "-"); // not needed for a dry run
                }
                ServerRequest r = ServerRequest.read(nested, deps.store(), h, names, hosts);
                if (r != null) {
                    adding.add(new NodeSpec(r.name(), -1, r.name(), resolve(r.host())));
                }
            }
            if (p != null) {
                ServerRequest.checkCapacity(f, deps.store(), h, p, list.size());
            }
            return p;
        });
        f.check();
        List<Server> members = members(pool);
        ClusterSpec current = spec(pool, members);
        ClusterSpec desired = current;
        Set<Integer> used = new HashSet<>(current.numbers());
        for (NodeSpec n : adding) {
            int number = NodeNumbers.lowestFree(used, pool.maxNodes()).orElseThrow();
            used.add(number);
            desired = desired.with(new NodeSpec(n.server(), number, n.nodeName(), n.ipAddress()));
        }
        return new PlanView("add_server", pool.name(), Planner.plan(desired, pool.generation() + 1,
                observed(current, members)), List.of("node names shown are server names; the job uses the host"
                + " name each agent reports", "node numbers are the lowest free at the time of this plan"));
    }

    private PlanView planRemove(RequestFields f) {
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
        Pool pool = deps.store().pools().find(server.poolId()).orElseThrow();
        List<Server> members = members(pool);
        ClusterSpec current = spec(pool, members);
        return new PlanView("remove_server", pool.name(), Planner.plan(current.without(server.name()),
                pool.generation() + 1, observed(current, members)), List.of());
    }

    private List<Server> members(Pool pool) {
        return deps.store().servers().listByPool(pool.id()).stream().filter(s -> s.nodeNumber() != null).toList();
    }

    private static ClusterSpec spec(Pool pool, List<Server> members) {
        return new ClusterSpec(pool.clusterName(), pool.ipPort(), pool.heartbeatMode(), members.stream()
                .map(s -> new NodeSpec(s.name(), s.nodeNumber(), s.nodeName(), s.ipAddress())).toList());
    }

    private static List<ObservedNode> observed(ClusterSpec current, List<Server> members) {
        String live = ClusterConfRenderer.render(current);
        return members.stream().map(s -> new ObservedNode(s.name(), s.configGeneration(), live)).toList();
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
