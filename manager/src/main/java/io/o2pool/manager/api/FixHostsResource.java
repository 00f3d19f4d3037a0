package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.HostsFixResult;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.TextDiff;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code POST /api/servers/fix-hosts}: the fix Test Connection's {@code hosts.*} findings offer. For the server at
 * {@code host} (its agent reached as Test Connection reaches it) it maps the node name the agent reports to the
 * cluster address ({@code cluster_address}, else what {@code host} resolves to) in the agent's hosts file: with
 * {@code apply} false it shows the diff and the file's {@code sha256}; with {@code apply} true and that
 * {@code expected_sha256} the agent writes it (backing up the old file), refused with 409 when the file changed since.
 * Records an event when it writes.
 */
public final class FixHostsResource implements ApiResource {
    private final ApiDeps deps;

    public FixHostsResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** The answer: which server, node name and address, the file, its diff, and what was written. */
    public record Result(String server, String nodeName, String address, String path, String sha256, String diff,
                         List<String> changes, boolean applied, String backup) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/servers/fix-hosts", this::fix);
    }

    private void fix(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("host", "agent_password", "agent_port", "name", "cluster_address", "expected_sha256", "apply",
                "pool");
        String host = f.requiredString("host", 255, Patterns.HOST, Patterns.HOST_HINT);
        String password = f.requiredString("agent_password", 1024, null, "");
        int port = f.optionalInt("agent_port", Server.DEFAULT_AGENT_PORT, 1, 65535);
        String name = f.optionalString("name", 64, Patterns.NAME, Patterns.NAME_HINT, host);
        String clusterAddress = f.optionalString("cluster_address", 15, Patterns.IPV4, Patterns.IPV4_HINT, null);
        String expected = f.optionalString("expected_sha256", 64, java.util.regex.Pattern.compile("[0-9a-fA-F]{1,64}"),
                "the sha256 the dry run answered", null);
        boolean apply = f.body().path("apply").asBoolean(false);
        if (f.body().has("apply") && !f.body().get("apply").isBoolean()) {
            f.reject("apply", "must be true or false");
        }
        if (apply && expected == null && !f.rejected("expected_sha256")) {
            f.reject("expected_sha256", "required with apply: the sha256 of the file the dry run showed");
        }
        f.check();
        String address = clusterAddress != null ? clusterAddress : resolve(host);
        if (address == null) {
            throw ApiException.badField("host", "host " + host + " does not resolve; give cluster_address");
        }
        AgentGateway agent = deps.agents().connect(name, new AgentEndpoint(host, port, password, null));
        try {
            String nodeName = agent.facts().hostname();
            HostsFixResult r = agent.fixHosts(nodeName, address, expected, apply);
            String diff = TextDiff.unified(r.before(), r.after(), name + ":" + r.path(), name + ":" + r.path()
                    + " (fixed)");
            if (r.applied()) {
                deps.store().events().appendBy(TokenAuth.userName(ctx),
                    "server.hosts-fixed", null, null, null, "the hosts file " + r.path()
                        + " of " + name + " (" + host + ") now maps " + nodeName + " to " + address + " ("
                        + String.join("; ", r.changes()) + "); the previous file is kept as " + r.backup());
            }
            ctx.json(new Result(name, nodeName, address, r.path(), r.sha256(), diff, r.changes(), r.applied(),
                    r.backup()));
        } catch (AgentException e) {
            throw ApiException.conflict("the hosts file of " + name + " was not fixed: " + e.getMessage());
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
