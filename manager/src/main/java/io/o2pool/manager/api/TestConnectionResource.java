package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.addserver.ConnectivityMatrix;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/servers/test-connection}: the Add Server dialog's Test Connection. Reaches the agent, checks the
 * password and reports the certificate fingerprint (give it back as {@code fingerprint} with Add Server and the job
 * pins exactly that one). With a {@code pool}, it runs the one preflight the Add Server job runs — every check at
 * once: the server's name, host and cluster address free in the manager, the agent's own checks (/etc/hosts, VMs,
 * ports, clock), the pool's repository UUID as the server sees it, node name and address clashes, every member
 * reachable and on the pool's generation, the volume's slots, and the two-way connectivity matrix on the o2net port —
 * and answers every finding, the matrix and the plan the job would run. Changes nothing, on any agent or in the store.
 */
public final class TestConnectionResource implements ApiResource {
    private final ApiDeps deps;

    public TestConnectionResource(ApiDeps deps) {
        this.deps = deps;
    }

    /**
     * The outcome: reachable with facts, or not with the error; for a pool, every finding, the connectivity matrix and
     * the plan (null without a pool).
     */
    public record Result(boolean reachable, String error, String fingerprint, AgentFacts facts,
                         List<Finding> findings, List<ConnectivityMatrix.Link> matrix, ObjectNode plan) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/servers/test-connection", this::test);
    }

    private void test(Context ctx) throws InterruptedException {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("host", "agent_password", "agent_port", "pool", "name", "cluster_address", "type", "grow_slots");
        boolean growSlots = Boolean.TRUE.equals(f.optionalBoolean("grow_slots", false));
        String host = f.requiredString("host", 255, Patterns.HOST, Patterns.HOST_HINT);
        String password = f.requiredString("agent_password", 1024, null, "");
        int port = f.optionalInt("agent_port", Server.DEFAULT_AGENT_PORT, 1, 65535);
        String name = f.optionalString("name", 64, Patterns.NAME, Patterns.NAME_HINT, host);
        String clusterAddress = f.optionalString("cluster_address", 15, Patterns.IPV4, Patterns.IPV4_HINT, null);
        ServerType type = f.body().hasNonNull("type") ? f.requiredEnum("type", ServerType.class) : ServerType.VM_SERVER;
        Pool pool = f.body().hasNonNull("pool")
                ? deps.store().jdbi().withHandle(h -> ServerRequest.pool(f, deps.store(), h)) : null;
        f.check();
        AgentGateway agent = deps.agents().connect(name, new AgentEndpoint(host, port, password, null));
        AgentFacts facts;
        try {
            facts = agent.facts();
        } catch (AgentException e) {
            ctx.json(new Result(false, e.getMessage(), null, null, List.of(), List.of(), null));
            return;
        }
        if (pool == null) {
            ctx.json(new Result(true, null, facts.fingerprint(), facts, List.of(), List.of(), null));
            return;
        }
        // the candidate is never stored: the job's own preflight runs on it, pinned to the certificate just seen
        var now = deps.clock().instant();
        Server candidate = new Server(-1, pool.id(), host, name, type, null, null, clusterAddress, null, null,
                ServerStatus.ADDING, null, null, port, password, facts.fingerprint(), 0, now, now);
        var planned = deps.operations().addServer().plan(PoolState.load(deps.store(), pool.id(), Set.of()),
                List.of(candidate), clashes(pool, candidate), growSlots);
        ctx.json(new Result(true, null, facts.fingerprint(), facts, withHostsFix(planned.plan().findings()),
                planned.matrix(), deps.operations().codec().write(planned.plan())));
    }

    /** A node-name mapping finding also offers the fix o2pool can make (shown first, then written). */
    private static List<Finding> withHostsFix(List<Finding> findings) {
        return findings.stream().map(x -> x.code().startsWith("hosts.") && x.isError() ? new Finding(x.severity(),
                x.code(), x.server(), x.message(), x.fix() + "; or let o2pool fix it: o2pool server fix-hosts (POST"
                + " /api/servers/fix-hosts shows the diff, then writes it with a backup)") : x).toList();
    }

    /** The server's name, host and cluster address already used in the manager, as findings (the job's 400s). */
    private List<Finding> clashes(Pool pool, Server s) {
        List<Finding> out = new ArrayList<>();
        deps.store().jdbi().useHandle(h -> {
            deps.store().servers().findByName(h, s.name()).ifPresent(other -> out.add(Finding.error("server.name",
                    s.name(), "a server named " + s.name() + " exists (pool " + poolName(other.poolId()) + ")",
                    "give this server another name")));
            deps.store().servers().findByHost(h, s.host(), s.agentPort()).ifPresent(other -> out.add(Finding.error(
                    "server.host", s.name(), "server " + other.name() + " already has host " + s.host()
                            + " (agent port " + s.agentPort() + ")", "it is added already; remove it first to add it"
                            + " again")));
            if (s.ipAddress() != null) {
                deps.store().servers().findByClusterAddress(h, s.ipAddress()).ifPresent(other -> out.add(
                        Finding.error("node.address", s.name(), "server " + other.name() + " already uses cluster"
                                + " address " + s.ipAddress(), "each node needs its own cluster address")));
            }
        });
        return out;
    }

    private String poolName(long poolId) {
        return deps.store().pools().find(poolId).map(Pool::name).orElse("#" + poolId);
    }
}
