package io.o2pool.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.client.ApiFailure;
import io.o2pool.cli.client.ExitCode;
import io.o2pool.cli.client.JobWatcher;
import io.o2pool.cli.client.ManagerApi;
import io.o2pool.cli.demo.DemoLayout.DemoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's real VMs: N pool VMs per server, {@code <server>-vm<i>}, the tiny guest with HA on, created and started
 * on their server through the manager's REST API — the calls {@code o2pool vm create NAME --pool demo-pool --ha} and
 * {@code o2pool vm start NAME --on SERVER} make — each job watched to its end. Or, before the servers are in the
 * pool, those commands printed for the user.
 */
final class DemoVms {
    static final String POOL = "demo-pool";
    private static final int LISTED = 8;
    private final PrintStream out;

    DemoVms(PrintStream out) {
        this.out = out;
    }

    static List<String[]> plan(DemoLayout layout, int perServer) {
        List<String[]> vms = new ArrayList<>();
        for (DemoServer s : layout.serverList()) {
            for (int i = 1; i <= perServer; i++) {
                vms.add(new String[] {s.name() + "-vm" + i, s.name()});
            }
        }
        return vms;
    }

    /** {@link #createAndStart}, then says how many run and how long it took, and lists them. */
    void createStartAndList(ManagerApi api, DemoLayout layout, int perServer) throws ApiFailure, IOException {
        Instant begun = Instant.now();
        int running = createAndStart(api, layout, perServer);
        out.printf("%d VM(s) RUNNING on real libvirt, created and started in %.1f s (o2pool vm list):%n", running,
                Duration.between(begun, Instant.now()).toMillis() / 1000.0);
        printList(api);
        out.println("  move one live: ./o2pool vm migrate " + plan(layout, perServer).getFirst()[0] + " --to "
                + layout.serverList().get(layout.servers() > 1 ? 1 : 0).name() + " --wait");
    }

    /** Creates and starts every VM; returns how many run. A VM that fails is reported and the rest go on. */
    int createAndStart(ManagerApi api, DemoLayout layout, int perServer) throws ApiFailure, IOException {
        int running = 0;
        for (String[] vm : plan(layout, perServer)) {
            String name = vm[0];
            String server = vm[1];
            out.println("creating VM " + name + " and starting it on " + server + " ...");
            out.flush();
            JsonNode created = api.post("/api/vms", ManagerApi.json().createObjectNode().put("pool", POOL)
                    .put("name", name).put("ha", true));
            if (!succeeded(api, created, "VM " + name + " was not created")) {
                continue;
            }
            JsonNode started = api.post("/api/vms/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/start",
                    ManagerApi.json().createObjectNode().put("server", server));
            if (succeeded(api, started, "VM " + name + " did not start on " + server)) {
                running++;
            }
        }
        return running;
    }

    private boolean succeeded(ManagerApi api, JsonNode job, String failure) throws ApiFailure, IOException {
        ByteArrayOutputStream steps = new ByteArrayOutputStream();
        ExitCode result = new JobWatcher(api, new PrintStream(steps, true, StandardCharsets.UTF_8), false)
                .watch(job.path("id").asText());
        if (result == ExitCode.OK) {
            return true;
        }
        out.println("o2pool demo: " + failure + "; the demo goes on without it:");
        steps.toString(StandardCharsets.UTF_8).lines().forEach(l -> out.println("  " + l));
        return false;
    }

    /** Prints the table {@code o2pool vm list} shows. */
    void printList(ManagerApi api) throws ApiFailure, IOException {
        for (JsonNode v : api.get("/api/vms?pool=" + POOL)) {
            out.printf("  %-18s %-10s %-8s %s%n", v.path("name").asText(), v.path("server").asText("-"),
                    v.path("state").asText(), v.path("ha").asBoolean() ? "HA" : "-");
        }
    }

    /** The commands that create and start the VMs, for a demo whose servers the user adds by hand. */
    void printCommands(DemoLayout layout, int perServer) {
        List<String[]> vms = plan(layout, perServer);
        out.println("  then create and start " + vms.size() + " real VM(s) (the tiny guest, HA on):");
        for (String[] vm : vms.subList(0, Math.min(LISTED, vms.size()))) {
            out.println("    ./o2pool vm create " + vm[0] + " --pool " + POOL + " --ha --wait && ./o2pool vm start "
                    + vm[0] + " --on " + vm[1] + " --wait");
        }
        if (vms.size() > LISTED) {
            out.println("    ... and likewise SERVER-vmI on SERVER for the other " + (vms.size() - LISTED));
        }
        out.println("    ./o2pool vm list; ./o2pool vm migrate " + vms.getFirst()[0] + " --to "
                + (layout.servers() > 1 ? layout.serverList().get(1).name() : "SERVER") + " --wait");
    }
}
