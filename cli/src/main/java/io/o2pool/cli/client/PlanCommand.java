package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool plan add|remove|timeouts|resync|maintenance-enter|maintenance-exit}: the dry run of a cluster change
 * ({@code POST /api/plan}), exactly what its job would record and run now; nothing changes. Exits 0 when the change
 * can run and {@link ExitCode#REFUSED} when a finding refuses it.
 */
@Command(name = "plan", description = {"Dry run of a cluster change: every step its job would run now,",
    "each step's effect on every server, and every finding. Nothing changes.",
    "Exit 0: the change can run; 3: it is refused (the ERROR findings say why",
    "and what to fix)."},
        subcommands = {PlanCommand.Add.class, PlanCommand.Remove.class, PlanCommand.Timeouts.class,
            PlanCommand.Resync.class, PlanCommand.MaintenanceEnter.class, PlanCommand.MaintenanceExit.class})
public final class PlanCommand {
    private PlanCommand() {
    }

    /** One action: builds its request, asks for the plan and prints it. */
    abstract static class Action extends ClientCommand {
        /** The body of {@code POST /api/plan}, names resolved through the API. */
        abstract ObjectNode request(ManagerApi api) throws ApiFailure, IOException, UsageError;

        /** The command that runs the planned change. */
        abstract String runHint();

        /** The manager's refusal of the request, explained in the command's terms. */
        ApiFailure explain(ApiFailure failure) {
            return failure;
        }

        @Override
        protected final ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
            ObjectNode body = request(api);
            JsonNode plan;
            try {
                plan = api.post("/api/plan", body);
            } catch (ApiFailure f) {
                throw explain(f);
            }
            if (json) {
                printJson(plan);
            } else {
                new PlanPrinter(out).print(plan, runHint());
            }
            return plan.path("refused").asBoolean(false) ? ExitCode.REFUSED : ExitCode.OK;
        }

        static ObjectNode body(String action) {
            return ManagerApi.json().createObjectNode().put("action", action);
        }

        static String poolName(ManagerApi api, String pool) throws ApiFailure {
            return Lookup.pool(api, pool).path("name").asText();
        }

        static long serverId(ManagerApi api, String server) throws ApiFailure {
            return Lookup.server(api, server).path("id").asLong();
        }
    }

    /** Add Server of one or more servers (the batch's FILE and options). */
    @Command(name = "add", description = {"Plan adding servers to a pool (the arguments of server add-batch).",
        "Example: o2pool plan add --host vm-host04 --pool pool1 --type vm --agent-password-file pw"})
    public static final class Add extends Action {
        @Mixin
        BatchServers batch;

        @Override
        ObjectNode request(ManagerApi api) throws ApiFailure, IOException, UsageError {
            ObjectNode body = body("add_server").put("pool", batch.pool);
            body.set("servers", batch.entries(environment()));
            return body;
        }

        @Override
        ApiFailure explain(ApiFailure failure) {
            return batch.explain(failure);
        }

        @Override
        String runHint() {
            return "o2pool server add-batch with the same arguments (and --wait)";
        }
    }

    /** Remove Server (graceful, or forced for a DEAD or FENCED server). */
    @Command(name = "remove", description = "Plan removing a server (--force: a DEAD or FENCED one, not contacted).")
    public static final class Remove extends Action {
        @Parameters(index = "0", paramLabel = "SERVER", description = "Server name or id.")
        String server;
        @Option(names = "--force", description = "Plan the forced removal of a DEAD or FENCED server.")
        boolean force;

        @Override
        ObjectNode request(ManagerApi api) throws ApiFailure {
            return body("remove_server").put("server_id", serverId(api, server)).put("force", force);
        }

        @Override
        String runHint() {
            return "o2pool server remove " + server + (force ? " --force" : "") + " --wait";
        }
    }

    /** Change Timeouts of a pool. */
    @Command(name = "timeouts", description = "Plan changing a pool's o2cb timeouts on every server.")
    public static final class Timeouts extends Action {
        @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
        String pool;
        @Mixin
        TimeoutOptions timeouts;
        @Option(names = "--stop-vms", description = "Plan stopping the VMs o2pool runs first and starting them after.")
        boolean stopVms;

        @Override
        ObjectNode request(ManagerApi api) throws ApiFailure, UsageError {
            ObjectNode body = body("change_timeouts");
            if (!timeouts.putInto(body)) {
                throw new UsageError("plan timeouts: give at least one of " + TimeoutOptions.NAMES);
            }
            if (stopVms) {
                body.put("stop_vms", true);
            }
            return body.put("pool", poolName(api, pool));
        }

        @Override
        String runHint() {
            return "o2pool pool timeouts " + pool + " with the same options (and --wait)";
        }
    }

    /** Re-sync of a pool's files on every member. */
    @Command(name = "resync", description = "Plan a Re-sync: the pool's files on every member as a new generation.")
    public static final class Resync extends Action {
        @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
        String pool;

        @Override
        ObjectNode request(ManagerApi api) throws ApiFailure {
            return body("resync").put("pool", poolName(api, pool));
        }

        @Override
        String runHint() {
            return "o2pool pool resync " + pool + " --wait";
        }
    }

    /** Maintenance: enter. */
    @Command(name = "maintenance-enter", description = "Plan taking an ACTIVE server into maintenance.")
    public static final class MaintenanceEnter extends Action {
        @Parameters(index = "0", paramLabel = "SERVER", description = "Server name or id.")
        String server;

        @Override
        ObjectNode request(ManagerApi api) throws ApiFailure {
            return body("maintenance_enter").put("server_id", serverId(api, server));
        }

        @Override
        String runHint() {
            return "o2pool server maintenance enter " + server + " --wait";
        }
    }

    /** Maintenance: exit. */
    @Command(name = "maintenance-exit", description = "Plan bringing a server back from maintenance, re-synced.")
    public static final class MaintenanceExit extends Action {
        @Parameters(index = "0", paramLabel = "SERVER", description = "Server name or id.")
        String server;

        @Override
        ObjectNode request(ManagerApi api) throws ApiFailure {
            return body("maintenance_exit").put("server_id", serverId(api, server));
        }

        @Override
        String runHint() {
            return "o2pool server maintenance exit " + server + " --wait";
        }
    }
}
