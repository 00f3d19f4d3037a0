package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool server test|add|add-batch|list|show|remove|maintenance|fix-hosts}: the Servers tab on the command line, with the
 * seed's fields.
 */
@Command(name = "server", description = "Servers: test (Test Connection), add, add-batch, list, show, remove,"
        + " maintenance, fix-hosts.",
        subcommands = {ServerCommand.Test.class, ServerCommand.Add.class, AddBatchCommand.class,
            ServerCommand.ListServers.class,
            ServerCommand.Show.class, ServerCommand.Remove.class, ServerCommand.Maintenance.class,
            FixHostsCommand.class})
public final class ServerCommand {
    private ServerCommand() {
    }

    /**
     * The table of servers shown by {@code server list} and {@code pool show}; {@code pools} (the pool list) names
     * each server's pool, or null to show pool ids.
     */
    static TextTable table(JsonNode servers, JsonNode pools) {
        java.util.Map<String, String> poolNames = new java.util.HashMap<>();
        if (pools != null) {
            pools.forEach(p -> poolNames.put(p.path("id").asText(), p.path("name").asText()));
        }
        TextTable t = new TextTable("ID", "NAME", "HOST/IP", "TYPE", "POOL", "NODE", "STATUS", "LOCATION");
        for (JsonNode s : servers) {
            String poolId = ClientCommand.text(s, "pool_id");
            t.row(ClientCommand.text(s, "id"), ClientCommand.text(s, "name"), ClientCommand.text(s, "host"),
                    ClientCommand.text(s, "type"), poolNames.getOrDefault(poolId, poolId),
                    ClientCommand.text(s, "node_number"), ClientCommand.text(s, "status"),
                    ClientCommand.text(s, "location"));
        }
        return t;
    }

    /** Options that say how to reach a server's agent. */
    abstract static class AgentAccess extends ClientCommand {
        @Option(names = {"--host"}, required = true, description = "Server Host/IP (the agent's address).")
        String host;
        @Mixin
        AgentCredentials credentials;

        ObjectNode accessBody() throws IOException {
            ObjectNode body = ManagerApi.json().createObjectNode().put("host", host);
            String pw = credentials.password(environment());
            if (pw != null) {
                body.put("agent_password", pw);
            }
            if (credentials.agentPort != null) {
                body.put("agent_port", credentials.agentPort);
            }
            return body;
        }
    }

    /** Test Connection: reaches the agent, pins its certificate, shows facts and every preflight finding. */
    @Command(name = "test", description = "Test Connection: the agent's facts and every preflight finding.")
    public static final class Test extends AgentAccess {
        @Option(names = "--pool", description = "Also run the preflight for joining this pool.")
        String pool;
        @Option(names = "--name", description = "Server Name (node name) for the preflight.")
        String name;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = accessBody();
            if (pool != null) {
                body.put("pool", pool);
            }
            if (name != null) {
                body.put("name", name);
            }
            JsonNode r = api.post("/api/servers/test-connection", body);
            if (json) {
                printJson(r);
            } else {
                printResult(r);
            }
            boolean error = !r.path("reachable").asBoolean(false);
            for (JsonNode f : r.path("findings")) {
                error |= f.path("severity").asText().equals("ERROR");
            }
            return error ? ExitCode.FAILED : ExitCode.OK;
        }

        private void printResult(JsonNode r) {
            if (!r.path("reachable").asBoolean(false)) {
                out.println("agent at " + host + " NOT reachable: " + text(r, "error"));
            } else {
                out.println("agent at " + host + " reachable; certificate SHA-256 " + text(r, "fingerprint"));
                JsonNode facts = r.path("facts");
                facts.fieldNames().forEachRemaining(f -> {
                    if (!facts.get(f).isContainerNode()) {
                        out.printf("  %-22s %s%n", f, text(facts, f));
                    }
                });
            }
            for (JsonNode f : r.path("findings")) {
                out.println(text(f, "severity") + " " + text(f, "code") + ": " + text(f, "message"));
                if (!text(f, "fix").isEmpty()) {
                    out.println("    fix: " + text(f, "fix"));
                }
            }
            if (r.path("findings").isEmpty() && r.path("reachable").asBoolean(false)) {
                out.println("no findings: the server can be added");
            }
        }
    }

    /** Add Server: the seed's dialog fields; queues the job and optionally watches it. */
    @Command(name = "add", description = "Add Server (Server Host/IP, Name, Type, Pool, Location, Description).")
    public static final class Add extends AgentAccess {
        @Option(names = "--name", required = true, description = "Server Name (its host name, the o2cb node name).")
        String name;
        @Option(names = "--type", required = true, description = "utility | vm (Utility Server / Virtual Machine "
                + "Server; UTILITY and VM_SERVER also accepted).")
        String type;
        @Option(names = "--pool", required = true, description = "Server Pool Name.")
        String pool;
        @Option(names = "--location", description = "Location.")
        String location;
        @Option(names = "--description", description = "Description.")
        String description;
        @Option(names = "--cluster-address", description = "The node's o2net IPv4 address when it is not the host's "
                + "(a separate cluster network, or an agent behind a port forward).")
        String clusterAddress;
        @Option(names = "--wait", description = "Watch the job until it ends (exit 0 when the server is ACTIVE).")
        boolean wait;
        @Option(names = "--grow-slots", description = "When the OCFS2 volume has fewer node slots than the pool will"
                + " have nodes, grow them (unmounts it on every member for tunefs.ocfs2 -N; their VMs must be stopped).")
        boolean growSlots;
        @Option(names = "--fingerprint", description = "The certificate fingerprint 'server test' showed: the job pins"
                + " exactly this one.")
        String fingerprint;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = accessBody().put("name", name).put("type", serverType(type)).put("pool", pool);
            if (growSlots) {
                body.put("grow_slots", true);
            }
            if (fingerprint != null) {
                body.put("fingerprint", fingerprint);
            }
            if (location != null) {
                body.put("location", location);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (clusterAddress != null) {
                body.put("cluster_address", clusterAddress);
            }
            JsonNode r = api.post("/api/servers", body);
            JsonNode job = r.has("job") ? r.get("job") : r;
            String jobId = job.path("id").asText();
            if (!wait) {
                if (json) {
                    printJson(r);
                } else {
                    out.println("server " + name + " ADDING; job " + jobId + " (watch it: o2pool job watch " + jobId
                            + ")");
                }
                return ExitCode.OK;
            }
            return new JobWatcher(api, out, json).watch(jobId);
        }

        static String serverType(String t) {
            return switch (t.toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "utility", "utility_server" -> "UTILITY";
                case "vm", "vm_server", "virtual_machine_server" -> "VM_SERVER";
                default -> t; // the manager refuses it and names the field
            };
        }
    }

    /** Lists servers, optionally of one pool. */
    @Command(name = "list", description = "List servers.")
    public static final class ListServers extends ClientCommand {
        @Option(names = "--pool", description = "Only this pool's servers (name or id).")
        String pool;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode servers = api.get("/api/servers");
            if (pool != null) {
                String poolId = Lookup.pool(api, pool).path("id").asText();
                var kept = ManagerApi.json().createArrayNode();
                servers.forEach(s -> {
                    if (s.path("pool_id").asText().equals(poolId)) {
                        kept.add(s);
                    }
                });
                servers = kept;
            }
            if (json) {
                printJson(servers);
            } else {
                out.print(table(servers, api.get("/api/pools")).render());
            }
            return ExitCode.OK;
        }
    }

    /** Shows one server. */
    @Command(name = "show", description = "Show one server.")
    public static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SERVER", description = "Server name or id.")
        String server;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode s = api.get("/api/servers/" + Lookup.server(api, server).path("id").asText());
            if (json) {
                printJson(s);
            } else {
                s.fieldNames().forEachRemaining(f -> out.printf("%-18s %s%n", f, text(s, f)));
            }
            return ExitCode.OK;
        }
    }

    /** Remove Server: a job that takes the node out of every remaining member's configuration. */
    @Command(name = "remove", description = "Remove Server: the server leaves the cluster, then every member drops it"
            + " (refused while VMs run on it). With --force, a DEAD or FENCED server is dropped without contacting it"
            + " (refused while any member's heartbeat still sees it).")
    public static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SERVER", description = "Server name or id.")
        String server;
        @Option(names = "--force", description = "Remove a DEAD or FENCED server without contacting it.")
        boolean force;
        @Option(names = "--wait", description = "Watch the job until it ends.")
        boolean wait;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode r = api.delete("/api/servers/" + Lookup.server(api, server).path("id").asText()
                    + (force ? "?force=true" : ""));
            JsonNode job = r.has("job") ? r.get("job") : r;
            if (!job.has("id")) {
                out.println("server " + server + " removed");
                return ExitCode.OK;
            }
            if (wait) {
                return new JobWatcher(api, out, json).watch(job.path("id").asText());
            }
            if (json) {
                printJson(r);
            } else {
                out.println("removing " + server + "; job " + job.path("id").asText());
            }
            return ExitCode.OK;
        }
    }

    /** Maintenance mode: a job that takes a live server out, or brings it back re-synced. */
    @Command(name = "maintenance", description = "Maintenance: 'enter' detaches the repository and stops the stack of"
            + " an ACTIVE server (refused while VMs run on it); 'exit' brings its files to the pool's generation,"
            + " starts its stack, attaches the repository and waits until every node is live.")
    public static final class Maintenance extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACTION", description = "enter | exit")
        String action;
        @Parameters(index = "1", paramLabel = "SERVER", description = "Server name or id.")
        String server;
        @Option(names = "--wait", description = "Watch the job until it ends.")
        boolean wait;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            if (!action.equals("enter") && !action.equals("exit")) {
                err.println("o2pool server maintenance: ACTION must be enter or exit, not " + action);
                return ExitCode.USAGE;
            }
            JsonNode job = api.post("/api/servers/" + Lookup.server(api, server).path("id").asText() + "/maintenance",
                    ManagerApi.json().createObjectNode().put("action", action));
            if (wait) {
                return new JobWatcher(api, out, this.json).watch(job.path("id").asText());
            }
            if (this.json) {
                printJson(job);
            } else {
                out.println((action.equals("enter") ? "entering" : "leaving") + " maintenance: " + server + "; job "
                        + job.path("id").asText());
            }
            return ExitCode.OK;
        }
    }
}
