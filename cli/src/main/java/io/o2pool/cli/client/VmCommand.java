package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool vm list|show|create|start|stop|migrate|delete}: the Virtual Machines tab on the command line. Every
 * change is a job; {@code --wait} watches it and exits 0 only when it succeeded.
 */
@Command(name = "vm", description = "Virtual machines: list, show, create, start, stop, migrate, delete.",
        subcommands = {VmCommand.ListVms.class, VmCommand.Show.class, VmCommand.Create.class, VmCommand.Start.class,
            VmCommand.Stop.class, VmCommand.Migrate.class, VmCommand.Delete.class})
public final class VmCommand {
    private VmCommand() {
    }

    static String path(String vm) {
        return "/api/vms/" + URLEncoder.encode(vm, StandardCharsets.UTF_8);
    }

    /** The table {@code vm list} prints. */
    static TextTable table(JsonNode vms) {
        TextTable t = new TextTable("NAME", "POOL", "SERVER", "STATE", "HA", "VCPUS", "MEMORY", "REASON");
        for (JsonNode v : vms) {
            t.row(ClientCommand.text(v, "name"), ClientCommand.text(v, "pool"), orDash(ClientCommand.text(v, "server")),
                    ClientCommand.text(v, "state"), v.path("ha").asBoolean() ? "HA" : "-", ClientCommand.text(v,
                    "vcpus"), ClientCommand.text(v, "memory_mib") + " MiB", ClientCommand.text(v, "state_reason"));
        }
        return t;
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    /** A VM change: posts, then prints the job or watches it. */
    abstract static class VmJob extends ClientCommand {
        @Option(names = "--wait", description = "Watch the job until it ends (exit 0 when it succeeded).")
        boolean wait;

        ExitCode submitted(ManagerApi api, JsonNode job, String what) throws ApiFailure, IOException {
            String id = job.path("id").asText();
            if (wait) {
                return new JobWatcher(api, out, json).watch(id);
            }
            if (json) {
                printJson(job);
            } else {
                out.println(what + "; job " + id + " (watch it: o2pool job watch " + id + ")");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List VMs: name, pool, server, state (RUNNING, STOPPED, ...), HA.")
    public static final class ListVms extends ClientCommand {
        @Option(names = "--pool", description = "Only this pool's VMs.")
        String pool;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode vms = api.get("/api/vms" + (pool == null ? "" : "?pool=" + URLEncoder.encode(pool,
                    StandardCharsets.UTF_8)));
            if (json) {
                printJson(vms);
            } else if (vms.isEmpty()) {
                out.println("no VMs" + (pool == null ? "" : " in pool " + pool) + "; create one: o2pool vm create NAME"
                        + " --pool POOL");
            } else {
                out.print(table(vms).render());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "Show one VM.")
    public static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "VM name.")
        String vm;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode v = api.get(path(vm));
            if (json) {
                printJson(v);
            } else {
                v.fieldNames().forEachRemaining(f -> out.printf("%-17s %s%n", f, text(v, f)));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "create", description = "Define a VM in a pool (written to the shared repository; not started)."
            + " Without --image it boots the pool's built-in tiny test guest.")
    public static final class Create extends VmJob {
        @Parameters(index = "0", paramLabel = "NAME", description = "VM name (letters, digits, '.', '_', '-').")
        String vm;
        @Option(names = "--pool", required = true, description = "Server Pool Name.")
        String pool;
        @Option(names = "--ha", description = "Restart it on a survivor when its server dies.")
        boolean ha;
        @Option(names = "--memory", paramLabel = "MIB", description = "Memory in MiB (default 96, the tiny guest's"
                + " minimum).")
        Integer memory;
        @Option(names = "--vcpus", paramLabel = "N", description = "Virtual CPUs (default 1).")
        Integer vcpus;
        @Option(names = "--image", paramLabel = "PATH", description = "Disk image, a path inside the pool's"
                + " repository (e.g. images/web.img).")
        String image;
        @Option(names = "--preferred-server", paramLabel = "SERVER", description = "Start it there when no server"
                + " is named.")
        String preferred;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = ManagerApi.json().createObjectNode().put("pool", pool).put("name", vm).put("ha", ha);
            if (memory != null) {
                body.put("memory_mib", memory);
            }
            if (vcpus != null) {
                body.put("vcpus", vcpus);
            }
            if (image != null) {
                body.put("image", image);
            }
            if (preferred != null) {
                body.put("preferred_server", preferred);
            }
            return submitted(api, api.post("/api/vms", body), "defining VM " + vm + " in pool " + pool);
        }
    }

    @Command(name = "start", description = "Start a VM on a server (--on), or its preferred or the least loaded"
            + " live one.")
    public static final class Start extends VmJob {
        @Parameters(index = "0", paramLabel = "NAME", description = "VM name.")
        String vm;
        @Option(names = "--on", paramLabel = "SERVER", description = "The server to start it on.")
        String on;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = ManagerApi.json().createObjectNode();
            if (on != null) {
                body.put("server", on);
            }
            return submitted(api, api.post(path(vm) + "/start", body), "starting VM " + vm
                    + (on == null ? "" : " on " + on));
        }
    }

    @Command(name = "stop", description = "Shut a VM down (ACPI), forced off after --timeout seconds.")
    public static final class Stop extends VmJob {
        @Parameters(index = "0", paramLabel = "NAME", description = "VM name.")
        String vm;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Force it off after this long"
                + " (default 60).")
        Integer timeout;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            ObjectNode body = ManagerApi.json().createObjectNode();
            if (timeout != null) {
                body.put("timeout_seconds", timeout);
            }
            return submitted(api, api.post(path(vm) + "/stop", body), "stopping VM " + vm);
        }
    }

    @Command(name = "migrate", description = "Live-migrate a running VM to another live server (it keeps running).")
    public static final class Migrate extends VmJob {
        @Parameters(index = "0", paramLabel = "NAME", description = "VM name.")
        String vm;
        @Option(names = "--to", required = true, paramLabel = "SERVER", description = "The destination server.")
        String to;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            return submitted(api, api.post(path(vm) + "/migrate", ManagerApi.json().createObjectNode().put("to", to)),
                    "migrating VM " + vm + " to " + to);
        }
    }

    @Command(name = "delete", description = "Delete a stopped VM's definition.")
    public static final class Delete extends VmJob {
        @Parameters(index = "0", paramLabel = "NAME", description = "VM name.")
        String vm;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            return submitted(api, api.delete(path(vm)), "deleting VM " + vm);
        }
    }
}
