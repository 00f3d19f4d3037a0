package io.o2pool.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.client.ApiFailure;
import io.o2pool.cli.client.ExitCode;
import io.o2pool.cli.client.JobWatcher;
import io.o2pool.cli.client.LoginFile;
import io.o2pool.cli.client.ManagerApi;
import io.o2pool.cli.client.ManagerTarget;
import io.o2pool.cli.demo.DemoLayout.DemoServer;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code o2pool demo}: a whole pool on this machine — a manager with its embedded database and N agents on
 * 127.0.1.1..N sharing one repository folder — with a pool created, the CLI logged in, and the commands to add
 * the servers printed (or run, with {@code --auto-add}). Its VMs ({@link VmMode}) are real libvirt guests, each
 * server with its own libvirtd, when this machine can run them, else stand-in processes; it says which and why
 * ({@link VmModeDecision}). Ctrl-C stops every process it started, by PID: agents, guests, libvirtds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a manager and N agents on 127.0.1.x with one shared repository, and VMs: real libvirt"
                + " guests when libvirt and QEMU are installed, else stand-ins; Ctrl-C stops all.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--servers", defaultValue = "3", description = "Number of servers (1-32, default ${DEFAULT-VALUE}).")
    int servers;
    @Option(names = "--auto-add", description = "Add every server to the pool, one after the other.")
    boolean autoAdd;
    @Option(names = "--data-dir", defaultValue = ".o2pool-demo",
            description = "Folder for all demo state, recreated at each start (default ${DEFAULT-VALUE}).")
    Path dataDir;
    @Option(names = "--vms", defaultValue = "0", paramLabel = "N", description = "VMs per server (0-16, default 0):"
            + " real libvirt guests (the tiny TCG guest, HA on, created and started through the manager once"
            + " --auto-add has the servers ACTIVE; else the commands are printed) when libvirt and QEMU are installed,"
            + " else stand-in processes. The demo says at start which, and why.")
    int vms;
    @Option(names = "--vm-driver", defaultValue = "auto", paramLabel = "auto|libvirt|process", description = "auto"
            + " (default): a libvirtd per server when libvirt, QEMU and tini are installed (as root: run as user "
            + VmHostProbe.USER + ", which must reach the data dir), else stand-ins; libvirt: that or stop saying"
            + " what is missing; process: stand-ins.")
    String vmDriver;
    @Option(names = "--port", defaultValue = "8080", description = "Manager port on 127.0.0.1 (0 = any free port).")
    int port;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (servers < 1 || servers > 32) {
            System.err.println("o2pool demo: --servers must be 1..32, not " + servers);
            return ExitCode.USAGE.code();
        }
        if (vms < 0 || vms > 16) {
            System.err.println("o2pool demo: --vms must be 0..16, not " + vms);
            return ExitCode.USAGE.code();
        }
        VmDriverChoice choice;
        try {
            choice = VmDriverChoice.parse(vmDriver);
        } catch (IllegalArgumentException e) {
            System.err.println("o2pool demo: " + e.getMessage());
            return ExitCode.USAGE.code();
        }
        quietLogs();
        DemoLayout layout = new DemoLayout(dataDir.toAbsolutePath().normalize(), servers);
        String adminPassword = randomPassword();
        VmHostFacts facts = VmHostProbe.probe(choice, layout.root());
        if (VmSetup.refused(VmModeDecision.decide(facts))) {
            return ExitCode.FAILED.code();
        }
        new DemoFiles(layout).prepare(randomPassword());
        VmSetup vmSetup = VmSetup.decide(facts, layout, out);
        if (VmSetup.refused(vmSetup.verdict())) {
            return ExitCode.FAILED.code();
        }
        DemoRuntime runtime = new DemoRuntime(out);
        Thread hook = new Thread(runtime::close, "o2pool-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (DemoServer s : layout.serverList()) {
                runtime.agents().start(s, layout, vmSetup.agentArgs(runtime.libvirts(), s, layout, out));
                if (vmSetup.mode() == VmMode.STAND_IN) {
                    runtime.vms().start(s, vms);
                }
            }
            Manager manager = runtime.manager(startManager(layout, adminPassword));
            ManagerApi api = login(manager, adminPassword);
            new DemoAgents(layout).awaitHealthy(runtime.agents(), Duration.ofSeconds(90));
            JsonNode pool = createPool(api, layout);
            printWelcome(layout, manager, adminPassword, pool, vmSetup);
            if (autoAdd && addAll(api, layout) && vmSetup.mode() == VmMode.LIBVIRT && vms > 0) {
                new DemoVms(out).createStartAndList(api, layout, vms);
            }
            out.println("demo running; press Ctrl-C to stop everything");
            out.flush();
            runtime.awaitStop();
            return ExitCode.OK.code();
        } catch (ApiFailure | IOException f) {
            System.err.println("o2pool demo: " + f.getMessage());
            return ExitCode.FAILED.code();
        } finally {
            runtime.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down; the hook has stopped everything
            }
        }
    }

    /**
     * Starts the manager in this process on {@code --port} (any free one if taken); the admin password reaches it as
     * its environment would, never as an argument.
     */
    private Manager startManager(DemoLayout layout, String adminPassword) throws IOException {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("O2POOL_ADMIN_PASSWORD", adminPassword);
        List<String> args = List.of("--data-dir", layout.managerData().toString(), "--listen", "127.0.0.1:" + port);
        ManagerOptions options = ManagerOptions.parse(args, env);
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        try {
            return Manager.start(options, quiet);
        } catch (RuntimeException | IOException portTaken) {
            if (port == 0) {
                throw portTaken;
            }
            out.println("o2pool demo: port " + port + " is taken (" + portTaken.getMessage() + "); using a free port");
            ManagerOptions any = ManagerOptions.parse(List.of("--data-dir", layout.managerData().toString(),
                    "--listen", "127.0.0.1:0"), env);
            return Manager.start(any, quiet);
        }
    }

    /**
     * Logs the CLI in as {@code o2pool login} would, pinning the certificate the manager started here serves (the
     * demo made it, so there is nothing to confirm).
     */
    private ManagerApi login(Manager manager, String adminPassword) throws ApiFailure, IOException {
        ManagerTarget anonymous = new ManagerTarget(manager.url(), null, manager.identity().fingerprint());
        JsonNode token = new ManagerApi(anonymous).post("/api/login",
                ManagerApi.json().createObjectNode().put("user", "admin").put("password", adminPassword));
        ManagerTarget target = anonymous.withToken(token.path("token").asText());
        LoginFile.from(System.getenv()).save(target);
        return new ManagerApi(target);
    }

    private JsonNode createPool(ManagerApi api, DemoLayout layout) throws ApiFailure {
        var body = ManagerApi.json().createObjectNode().put("name", "demo-pool")
                .put("repository_type", "NFS").put("repository_path", layout.repository().toString())
                .put("loopback_pool", true);
        return api.post("/api/pools", body);
    }

    /** Adds every server, one job after the other; true when all are ACTIVE. */
    private boolean addAll(ManagerApi api, DemoLayout layout) throws ApiFailure, IOException {
        String password = java.nio.file.Files.readString(layout.agentPasswordFile()).strip();
        for (DemoServer s : layout.serverList()) {
            out.println("adding " + s.name() + " (" + s.address() + ") ...");
            var body = ManagerApi.json().createObjectNode().put("host", s.address()).put("name", s.name())
                    .put("type", "VM_SERVER").put("pool", "demo-pool").put("location", "demo rack")
                    .put("description", "demo server " + s.name()).put("agent_password", password);
            JsonNode r = api.post("/api/servers", body);
            JsonNode job = r.has("job") ? r.get("job") : r;
            ExitCode result = new JobWatcher(api, out, false).watch(job.path("id").asText());
            if (result != ExitCode.OK) {
                out.println("o2pool demo: " + s.name() + " was not added; see the job above");
                return false;
            }
        }
        out.println("all " + layout.servers() + " servers ACTIVE");
        return true;
    }

    private void printWelcome(DemoLayout layout, Manager manager, String adminPassword, JsonNode pool,
            VmSetup vmSetup) {
        String agentPassword;
        try {
            agentPassword = java.nio.file.Files.readString(layout.agentPasswordFile()).strip();
        } catch (IOException e) {
            agentPassword = "(see " + layout.agentPasswordFile() + ")";
        }
        out.println();
        out.println("o2pool demo is up: " + layout.servers() + " servers, data in " + layout.root() + ", VMs: "
                + (vmSetup.mode() == VmMode.LIBVIRT ? "real libvirt guests" : "stand-ins (process driver)"));
        out.println("  web UI and API:  " + manager.url() + "   (user admin, password " + adminPassword + ")");
        out.println("  certificate:     self-signed, SHA-256 fingerprint " + manager.identity().fingerprint());
        out.println("                   in " + manager.identity().certificateFile() + "; the browser warns once:"
                + " compare the fingerprint in its certificate viewer, then proceed");
        out.println("  pool:            " + pool.path("name").asText() + " (cluster " + pool.path("cluster_name")
                .asText() + ", port " + pool.path("ip_port").asText() + "), repository " + layout.repository());
        out.println("  the CLI is logged in; in another terminal try:");
        out.println("    ./o2pool server list");
        for (DemoServer s : layout.serverList()) {
            out.println("    ./o2pool server add --host " + s.address() + " --name " + s.name()
                    + " --type vm --pool demo-pool --agent-password " + agentPassword + " --wait");
        }
        if (vmSetup.mode() == VmMode.LIBVIRT && vms > 0 && !autoAdd) {
            new DemoVms(out).printCommands(layout, vms);
        }
        out.println("    ./o2pool job list; ./o2pool events");
        out.println();
    }

    /** The in-process manager logs only warnings, so the demo's own lines stay readable; agents log to files. */
    private static void quietLogs() {
        if (System.getenv("O2POOL_LOG_LEVEL") == null && org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
