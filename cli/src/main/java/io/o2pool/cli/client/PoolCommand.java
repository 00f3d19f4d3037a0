package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool pool create|edit|delete|list|show|timeouts|drift|resync}: server pools and their cluster settings.
 */
@Command(name = "pool", description = "Server pools: create, edit, delete, list, show, change timeouts, drift, resync.",
        subcommands = {PoolCommand.Create.class, PoolCommand.Edit.class, PoolCommand.Delete.class,
            PoolCommand.ListPools.class, PoolCommand.Show.class, PoolCommand.Timeouts.class, PoolDriftCommand.class,
            PoolResyncCommand.class})
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
        @Mixin
        PoolSettingsOptions settings;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
            ObjectNode body = ManagerApi.json().createObjectNode().put("name", name).put("repository_path", repository);
            settings.putInto(body, "create");
            JsonNode pool = api.post("/api/pools", body);
            if (json) {
                printJson(pool);
            } else {
                out.println("pool " + text(pool, "name") + " created (id " + text(pool, "id") + ", cluster "
                        + text(pool, "cluster_name") + ", port " + text(pool, "ip_port") + ")");
            }
            return ExitCode.OK;
        }
    }

    /**
     * Changes a pool's settings (PATCH): any while it has no servers; once servers joined only its name, and a higher
     * max_nodes — the manager refuses the rest naming the field and why (timeouts change with {@code pool timeouts}).
     */
    @Command(name = "edit", description = "Change a pool's name or settings (with servers: only the name, and"
            + " --max-nodes upwards; o2cb timeouts change with 'pool timeouts').")
    public static final class Edit extends ClientCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
        String pool;
        @Option(names = "--name", paramLabel = "NEW_NAME", description = "A new name for the pool.")
        String newName;
        @Option(names = "--repository", description = "Shared repository: folder or OCFS2 device (no servers yet).")
        String repository;
        @Mixin
        PoolSettingsOptions settings;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
            ObjectNode body = ManagerApi.json().createObjectNode();
            if (newName != null) {
                body.put("name", newName);
            }
            if (repository != null) {
                body.put("repository_path", repository);
            }
            settings.putInto(body, "edit");
            if (body.isEmpty()) {
                throw new UsageError("o2pool pool edit: nothing to change; give --name, --repository, --max-nodes, "
                        + TimeoutOptions.NAMES + ", --cluster-name, --ip-port, --repository-type or --set FIELD=VALUE");
            }
            String id = Lookup.pool(api, pool).path("id").asText();
            JsonNode changed = api.patch("/api/pools/" + id, body);
            if (json) {
                printJson(changed);
            } else {
                out.println("pool " + text(changed, "name") + " (id " + id + ") saved: " + String.join(", ",
                        fieldNames(body)));
            }
            return ExitCode.OK;
        }

        private static java.util.List<String> fieldNames(ObjectNode body) {
            java.util.List<String> names = new java.util.ArrayList<>();
            body.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    /** Deletes a pool without servers (the manager refuses one with servers or a job, naming them). */
    @Command(name = "delete", description = "Delete a pool that has no servers (its finished jobs go with it; the"
            + " events keep its history).")
    public static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
        String pool;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode found = Lookup.pool(api, pool);
            api.delete("/api/pools/" + found.path("id").asText());
            if (json) {
                printJson(ManagerApi.json().createObjectNode().put("deleted", found.path("name").asText())
                        .put("id", found.path("id").asLong()));
            } else {
                out.println("pool " + found.path("name").asText() + " (id " + found.path("id").asText() + ") deleted");
            }
            return ExitCode.OK;
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
