package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code o2pool pool create|list|show|timeouts|drift|resync}: server pools and their cluster settings. */
@Command(name = "pool", description = "Server pools: create, list, show, change timeouts, drift, resync.",
        subcommands = {PoolCommand.Create.class, PoolCommand.ListPools.class, PoolCommand.Show.class,
            PoolCommand.Timeouts.class, PoolDriftCommand.class, PoolResyncCommand.class})
public final class PoolCommand {
    private PoolCommand() {
    }

    /** Creates a pool; unset settings take the SPEC's defaults on the manager. */
    @Command(name = "create", description = "Create a server pool.")
    public static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Server Pool Name.")
        String name;
        @Option(names = "--repository", required = true, description = "Shared repository: folder or OCFS2 device.")
        String repository;
        @Option(names = "--repository-type", description = "OCFS2 (default) or NFS.")
        String repositoryType;
        @Option(names = "--cluster-name", description = "O2CB cluster name (default ocfs2).")
        String clusterName;
        @Option(names = "--ip-port", description = "o2net port on every node (default 7777).")
        Integer ipPort;
        @Option(names = "--heartbeat-threshold", description = "O2CB_HEARTBEAT_THRESHOLD (>=7, default 31).")
        Integer threshold;
        @Option(names = "--idle-timeout-ms", description = "O2CB_IDLE_TIMEOUT_MS (>=5000, default 30000).")
        Integer idle;
        @Option(names = "--keepalive-delay-ms", description = "O2CB_KEEPALIVE_DELAY_MS (>=1000, default 2000).")
        Integer keepalive;
        @Option(names = "--reconnect-delay-ms", description = "O2CB_RECONNECT_DELAY_MS (>=2000, default 2000).")
        Integer reconnect;
        @Option(names = "--max-nodes", description = "Most servers in the pool (default 32, at most 255).")
        Integer maxNodes;
        @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Any other pool field of the API.")
        List<String> extra = List.of();

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = ManagerApi.json().createObjectNode().put("name", name).put("repository_path", repository);
            putIfSet(body, "repository_type", repositoryType);
            putIfSet(body, "cluster_name", clusterName);
            putIfSet(body, "ip_port", ipPort);
            putIfSet(body, "heartbeat_dead_threshold", threshold);
            putIfSet(body, "idle_timeout_ms", idle);
            putIfSet(body, "keepalive_delay_ms", keepalive);
            putIfSet(body, "reconnect_delay_ms", reconnect);
            putIfSet(body, "max_nodes", maxNodes);
            for (String kv : extra) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    err.println("o2pool pool create: --set expects FIELD=VALUE, got '" + kv + "'");
                    return ExitCode.USAGE;
                }
                body.set(kv.substring(0, eq), FieldValues.parse(kv.substring(eq + 1)));
            }
            JsonNode pool = api.post("/api/pools", body);
            if (json) {
                printJson(pool);
            } else {
                out.println("pool " + text(pool, "name") + " created (id " + text(pool, "id") + ", cluster "
                        + text(pool, "cluster_name") + ", port " + text(pool, "ip_port") + ")");
            }
            return ExitCode.OK;
        }

        private static void putIfSet(ObjectNode body, String field, Object value) {
            if (value instanceof Integer i) {
                body.put(field, i);
            } else if (value != null) {
                body.put(field, value.toString());
            }
        }
    }

    /** Lists pools. */
    @Command(name = "list", description = "List server pools.")
    public static final class ListPools extends ClientCommand {
        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode pools = api.get("/api/pools");
            if (json) {
                printJson(pools);
                return ExitCode.OK;
            }
            TextTable t = new TextTable("ID", "NAME", "CLUSTER", "PORT", "THRESHOLD", "IDLE_MS", "REPOSITORY");
            for (JsonNode p : pools) {
                t.row(text(p, "id"), text(p, "name"), text(p, "cluster_name"), text(p, "ip_port"),
                        text(p, "heartbeat_dead_threshold"), text(p, "idle_timeout_ms"), text(p, "repository_path"));
            }
            out.print(t.render());
            return ExitCode.OK;
        }
    }

    /** Shows one pool with its settings and servers. */
    @Command(name = "show", description = "Show a pool, its settings and its servers.")
    public static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
        String pool;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode p = api.get("/api/pools/" + Lookup.pool(api, pool).path("id").asText());
            if (json) {
                printJson(p);
                return ExitCode.OK;
            }
            var fields = p.fieldNames();
            while (fields.hasNext()) {
                String f = fields.next();
                if (!p.get(f).isContainerNode()) {
                    out.printf("%-26s %s%n", f, text(p, f));
                }
            }
            JsonNode servers = p.path("servers");
            if (servers.isArray() && !servers.isEmpty()) {
                out.println();
                out.print(ServerCommand.table(servers, ManagerApi.json().createArrayNode().add(p)).render());
            }
            return ExitCode.OK;
        }
    }

    /**
     * Changes a pool's o2cb timeouts: every node stops heartbeating, takes the new values and starts again (refused
     * while any VM runs). Options left out keep the pool's current value.
     */
    @Command(name = "timeouts", description = "Change a pool's o2cb timeouts on every server at once (no VM may run,"
            + " unless --stop-vms lets the change stop the VMs first and start them again after).")
    public static final class Timeouts extends ClientCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
        String pool;
        @Mixin
        TimeoutOptions timeouts;
        @Option(names = "--wait", description = "Watch the job until it ends (exit 0 when every server runs the new values).")
        boolean wait;
        @Option(names = "--stop-vms", description = "Shut down the VMs o2pool runs on the members first and start"
                + " them again on the same servers after.")
        boolean stopVms;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = ManagerApi.json().createObjectNode();
            if (!timeouts.putInto(body)) {
                err.println("o2pool pool timeouts: give at least one of " + TimeoutOptions.NAMES);
                return ExitCode.USAGE;
            }
            if (stopVms) {
                body.put("stop_vms", true);
            }
            String id = Lookup.pool(api, pool).path("id").asText();
            JsonNode job = api.put("/api/pools/" + id + "/timeouts", body);
            if (wait) {
                return new JobWatcher(api, out, json).watch(job.path("id").asText());
            }
            if (json) {
                printJson(job);
            } else {
                out.println("pool " + pool + ": Change Timeouts job " + job.path("id").asText()
                        + " queued (watch it: o2pool job watch " + job.path("id").asText() + ")");
            }
            return ExitCode.OK;
        }
    }
}
