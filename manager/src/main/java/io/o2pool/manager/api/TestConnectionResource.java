package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.HostPort;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code POST /api/servers/test-connection}: the Add Server dialog's Test Connection. Reaches the agent, checks the
 * password, reports the certificate fingerprint to pin, the facts and (when a pool is named) every preflight finding.
 * Changes nothing, on the agent or in the store.
 */
public final class TestConnectionResource implements ApiResource {
    private final ApiDeps deps;

    public TestConnectionResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** The outcome: reachable with facts and findings, or not with the error. */
    public record Result(boolean reachable, String error, String fingerprint, AgentFacts facts,
                         List<Finding> findings) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/servers/test-connection", this::test);
    }

    private void test(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("host", "agent_password", "agent_port", "pool", "name");
        String host = f.requiredString("host", 255, Patterns.HOST, Patterns.HOST_HINT);
        String password = f.requiredString("agent_password", 1024, null, "");
        int port = f.optionalInt("agent_port", Server.DEFAULT_AGENT_PORT, 1, 65535);
        String name = f.optionalString("name", 64, Patterns.NAME, Patterns.NAME_HINT, host);
        Pool pool = f.body().hasNonNull("pool")
                ? deps.store().jdbi().withHandle(h -> ServerRequest.pool(f, deps.store(), h)) : null;
        f.check();
        AgentGateway agent = deps.agents().connect(name, new AgentEndpoint(host, port, password, null));
        try {
            AgentFacts facts = agent.facts();
            List<Finding> findings = List.of();
            if (pool != null) {
                String ip = resolve(host);
                findings = agent.preflight(new AgentGateway.PreflightRequest(pool.clusterName(),
                        new HostPort(name, ip == null ? host : ip, pool.ipPort()),
                        new RepositorySpec(pool.repositoryType(), pool.repositoryPath(), pool.repositoryUuid()),
                        false, pool.isLoopbackLocal(List.of(ip == null ? host : ip))));
            }
            ctx.json(new Result(true, null, facts.fingerprint(), facts, findings));
        } catch (AgentException e) {
            ctx.json(new Result(false, e.getMessage(), null, null, List.of()));
        }
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
