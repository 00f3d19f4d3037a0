package io.o2pool.agent;

import io.o2pool.agent.api.Health;
import io.o2pool.agent.auth.Authenticator;
import io.o2pool.agent.auth.PasswordStore;
import io.o2pool.agent.config.ConfigApplier;
import io.o2pool.agent.config.ConfigFiles;
import io.o2pool.agent.config.ConfigStore;
import io.o2pool.agent.config.CrashPoints;
import io.o2pool.agent.config.Ocfs2ConfigValidator;
import io.o2pool.agent.exec.CommandRunner;
import io.o2pool.agent.exec.SystemCommandRunner;
import io.o2pool.agent.facts.FactsCollector;
import io.o2pool.agent.facts.HostInfo;
import io.o2pool.agent.facts.StackDetection;
import io.o2pool.agent.forensics.KernelFenceRecords;
import io.o2pool.agent.forensics.KernelForensicsStack;
import io.o2pool.agent.forensics.KernelLogStore;
import io.o2pool.agent.forensics.NeighbourTable;
import io.o2pool.agent.forensics.NetconsolePlan;
import io.o2pool.agent.forensics.NetconsoleTargets;
import io.o2pool.agent.forensics.NetconsoleReceiver;
import io.o2pool.agent.http.AgentServer;
import io.o2pool.agent.preflight.NameMappingHostsCheck;
import io.o2pool.agent.preflight.Network;
import io.o2pool.agent.preflight.Preflight;
import io.o2pool.agent.preflight.ProbeListeners;
import io.o2pool.agent.preflight.ProbeYieldingStack;
import io.o2pool.agent.preflight.SystemNameResolver;
import io.o2pool.agent.pool.AdmittedStack;
import io.o2pool.agent.pool.PoolHooks;
import io.o2pool.agent.pool.PoolRecords;
import io.o2pool.agent.pool.StackJournal;
import io.o2pool.agent.repository.RepositoryService;
import io.o2pool.agent.stack.Configfs;
import io.o2pool.agent.stack.KernelStackDriver;
import io.o2pool.agent.stack.NodeLauncher;
import io.o2pool.agent.stack.O2hbLiveNodes;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.agent.stack.UserspaceStackDriver;
import io.o2pool.agent.tls.TlsIdentity;
import io.o2pool.agent.tls.TlsIdentityStore;
import io.o2pool.agent.vm.libvirt.LibvirtVmDriver;
import io.o2pool.agent.vm.ProcessVmDriver;
import io.o2pool.agent.vm.VmDriver;
import io.o2pool.agent.vm.NoVmDriver;
import io.o2pool.agent.vm.VmFence;
import io.o2pool.agent.vm.VmService;
import io.o2pool.agent.vm.guard.VmGuardKeeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's composition root: builds every component from {@link AgentOptions} (drivers chosen, config recovered
 * after a crash, password and certificate loaded or created), starts the HTTPS server and stops it. One per process.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private final AgentServer server;
    private final NetconsoleReceiver netconsole;
    /** What the state dir keeps of each peer's netconsole lines (twice this, with the rotated file). */
    static final long KERNEL_LOG_BYTES = 4L << 20;
    private final StackDriver stack;
    private final ProbeListeners probes;
    private final TlsIdentity identity;
    private final String url;

    private final VmService vms;
    private final boolean userspace;
    private final VmGuardKeeper guard;

    private Agent(AgentServer server, StackDriver stack, ProbeListeners probes, TlsIdentity identity, String url,
                  VmService vms, boolean userspace, VmGuardKeeper guard, NetconsoleReceiver netconsole) {
        this.netconsole = netconsole;
        this.server = server;
        this.stack = stack;
        this.probes = probes;
        this.identity = identity;
        this.url = url;
        this.vms = vms;
        this.userspace = userspace;
        this.guard = guard;
    }

    /** How long one host command (tunefs.ocfs2, mount, o2cb ...) may run in an agent started by {@link #start(AgentOptions)}. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Builds and starts an agent as {@code o2pool agent} runs it — the system clock, real host commands (each bounded
     * by {@link #COMMAND_TIMEOUT}), no crash points — and returns once it listens. The public entry point for running
     * an agent inside another process (benchmarks); fails with a message naming what to fix.
     */
    public static Agent start(AgentOptions options) throws IOException {
        return start(options, Clock.systemUTC(), new SystemCommandRunner(COMMAND_TIMEOUT), CrashPoints.NONE);
    }

    /** Builds and starts the agent; fails with a message naming what to fix (password, address, state dir). */
    public static Agent start(AgentOptions options, Clock clock, CommandRunner runner, CrashPoints crash) throws IOException {
        return start(options, clock, runner, crash, NodeLauncher.system());
    }

    /**
     * As {@link #start(AgentOptions, Clock, CommandRunner, CrashPoints)}, the userspace stack's nodes built by
     * {@code launcher}: the seam for tests that inject faults into a real agent's heartbeat region
     * ({@link NodeLauncher#withRegionIo}); production passes {@link NodeLauncher#system()}.
     */
    public static Agent start(AgentOptions options, Clock clock, CommandRunner runner, CrashPoints crash,
            NodeLauncher launcher) throws IOException {
        Path state = options.stateDir();
        Files.createDirectories(state);
        HostInfo host = HostInfo.system();
        String nodeName = options.nodeName() != null ? options.nodeName() : host.hostName().split("\\.")[0];
        String version = AgentVersion.get();
        PasswordStore passwords = new PasswordStore(state, options.passwordIterations());
        passwords.load(options.passwordFile());
        TlsIdentity identity = identity(options, host, clock);

        StackDetection detection = new StackDetection(runner, options.configfs(), Path.of("/proc/filesystems"), version);
        VmDriver vms = vmDriver(options, runner, state, clock);
        ProbeListeners probes = new ProbeListeners(clock);
        KernelLogStore kernelLog = new KernelLogStore(state.resolve("forensics/netconsole"), KERNEL_LOG_BYTES);
        java.util.concurrent.atomic.AtomicReference<KernelFenceRecords> kernelFences =
                new java.util.concurrent.atomic.AtomicReference<>();
        StackDriver driver = stack(options, detection, runner, nodeName, clock, new VmFence(nodeName, vms), launcher);
        if (driver instanceof KernelStackDriver) {
            NeighbourTable neighbours = new NeighbourTable(Path.of("/proc/net/arp"));
            int port = options.netconsolePort();
            driver = new KernelForensicsStack(driver, kernelFences::get, port == 0 ? null
                    : config -> NetconsolePlan.plan(nodeName, config, port, neighbours, ip -> nudge(ip, port, neighbours),
                            java.util.Map.of()),
                    new NetconsoleTargets(nodeName, options.configfs(), Path.of("/proc/sys/kernel/printk"), runner));
        }
        // every path that can make the stack bind its ip_port first closes a probe listener holding it
        StackDriver probing = new ProbeYieldingStack(driver, probes, nodeName);
        ConfigFiles files = ConfigFiles.of(state, options.clusterConf(), options.o2cbDefaults());
        ConfigStore store = new ConfigStore(files, new Ocfs2ConfigValidator(nodeName), crash);
        log.info("config: {}", store.recover());
        List<Path> roots = new ArrayList<>(List.of(state, options.mountRoot(), Path.of("/dev")));
        roots.addAll(options.repositoryRoots());
        RepositoryService repositories = new RepositoryService(state, roots, options.mountRoot(),
                options.procMounts(), runner, probing);
        PoolRecords records = new PoolRecords(repositories::attachedRoots, nodeName, clock);
        AdmittedStack stack = new AdmittedStack(probing, () -> store.status().live(), records, nodeName,
                new StackJournal(state, clock), state);
        ConfigApplier applier = new ConfigApplier(store, stack, new PoolHooks(records, stack));
        java.util.function.Supplier<java.util.Optional<StackConfig>> live = () -> {
            try {
                return store.status().live() == null ? java.util.Optional.empty()
                        : java.util.Optional.of(applier.liveConfig());
            } catch (RuntimeException e) {
                return java.util.Optional.empty();
            }
        };
        boolean userspace = driver instanceof UserspaceStackDriver;
        VmGuardKeeper guard = userspace && options.vmGuard() && !vms.name().equals("none")
                ? VmGuardKeeper.start(nodeName, state, vms, live, repositories::attachedRoots, stack, clock) : null;
        VmService vmService = new VmService(nodeName, vms, stack, live, repositories::attachedRoots,
                options.tinyGuest(), clock, guard == null ? () -> { } : guard::beforeGuestStart);
        bootUserspaceStack(userspace, stack, applier, repositories, () -> vmService.destroyAllForDeparture(
                "they ran under this node's previous heartbeat, which the other servers take as dead once the "
                        + "node rejoins with a new generation"));
        FactsCollector facts = new FactsCollector(host, nodeName, version, clock, detection, repositories, vms);
        Preflight preflight = new Preflight(options.hostsFile(),
                new NameMappingHostsCheck(new SystemNameResolver(Duration.ofSeconds(2))), host, Network.system(), clock,
                stack, store, options.clusterConf(), vms, probes);

        kernelFences.set(new KernelFenceRecords(nodeName, kernelLog, () -> ownKernelLog(options, runner),
                options.pstore(), live, () -> KernelFenceRecords.bootTime(Path.of("/proc/stat"))));
        NetconsoleReceiver netconsole = netconsole(options, kernelLog, clock);
        AgentServer.Services services = new AgentServer.Services(
                new Health("ok", version, nodeName, identity.fingerprint()), new Authenticator(passwords::current), facts,
                preflight,
                applier, stack, repositories, vmService, host, probes,
                new io.o2pool.agent.preflight.HostsFixer(options.hostsFile(), clock),
                new io.o2pool.agent.auth.EnrolmentStore(state), clock, kernelLog,
                new io.o2pool.agent.vm.guard.GuardKillLog(state), guard != null);
        AgentServer server = new AgentServer(options.listen(), identity, services).start();
        String url = "https://" + options.listen().getAddress().getHostAddress() + ":" + server.port();
        Files.writeString(state.resolve("agent.url"), url + "\n", StandardCharsets.UTF_8);
        log.info("o2pool agent {} for node {} listening on {} (stack {}, VMs {}); certificate SHA-256 fingerprint {}",
                version, nodeName, url, stack.name(), vms.name(), identity.fingerprint());
        if (netconsole != null) {
            netconsole.senderNames(address -> live.get().flatMap(c -> c.nodes().stream()
                    .filter(n -> address.getHostAddress().equals(n.ipAddress())).map(StackConfig.Node::name)
                    .findFirst()));
            log.info("netconsole receiver on {}:{}/udp (peers' kernel lines kept in {})",
                    options.listen().getAddress().getHostAddress(), netconsole.port(), state.resolve("forensics"));
        }
        return new Agent(server, stack, probes, identity, url, vmService, userspace, guard, netconsole);
    }

    /**
     * The VM driver {@code --vm-driver} names; {@code auto} takes libvirt when virsh is installed, else the process
     * driver. Logged with the reason; a libvirt that does not answer is a facts/preflight finding, not a start failure.
     */
    private static VmDriver vmDriver(AgentOptions options, CommandRunner runner, Path state, Clock clock) {
        String chosen = options.vmDriver();
        String why = "--vm-driver " + chosen;
        if (chosen.equals("auto")) {
            boolean virsh = LibvirtVmDriver.installed(runner);
            chosen = virsh ? "libvirt" : "process";
            why = "--vm-driver auto: virsh is " + (virsh ? "installed" : "not installed");
        }
        VmDriver driver = switch (chosen) {
            case "libvirt" -> new LibvirtVmDriver(runner, options.libvirtUri(), options.libvirtMigrationUri(), clock);
            case "none" -> new NoVmDriver();
            default -> new ProcessVmDriver(state.resolve("vms"), clock);
        };
        io.o2pool.agent.api.VmLayer layer = driver.probe();
        log.info("VM driver {} ({}){}: {}", driver.name(), why, layer.uri() != null ? " at " + layer.uri() : "",
                layer.reachable() ? layer.detail() : "NOT REACHABLE: " + layer.detail() + "; " + layer.fix());
        return driver;
    }

    /**
     * Brings a userspace stack back after an agent restart, as the o2cb init script does at boot: online with the
     * live configuration when it sets {@code O2CB_ENABLED=true}, the stack was not taken offline through the API
     * (maintenance, removal) and the pool admits it — the pool record in the repository is not newer than its
     * generation ({@link AdmittedStack}: a node that missed changes or was removed holds its stack until the manager
     * re-syncs it); then the repositories attached before the restart (recorded in the state directory) are attached
     * again, so the node heartbeats in its directory repository without the manager. (The kernel stack outlives the
     * agent; nothing to do for it.)
     */
    private static void bootUserspaceStack(boolean userspace, AdmittedStack stack, ConfigApplier config,
            RepositoryService repositories, Runnable beforeRejoin) {
        if (!userspace || config.store().status().live() == null) {
            return;
        }
        try {
            StackConfig live = config.liveConfig();
            if (!live.enabledOnBoot()) {
                log.info("userspace stack: left OFFLINE at start (the live o2cb defaults do not set O2CB_ENABLED=true)");
                return;
            }
            if (!stack.wantedOnline()) {
                log.info("userspace stack: left OFFLINE at start (it was taken offline through the API: maintenance"
                        + " or removal; the manager starts it)");
                return;
            }
            beforeRejoin.run();
            StackChange started = stack.online(live);
            log.info("userspace stack: cluster {} brought online at start (O2CB_ENABLED=true): {} ({})",
                    live.clusterName(), started.outcome(), started.message());
        } catch (RuntimeException e) {
            log.warn("userspace stack: not brought online at start: {}", e.getMessage());
            return;
        }
        repositories.restoreAttached().forEach(note -> log.info("repositories at start: {}", note));
    }

    /** Loads or creates the certificate (named for the host and the listen address). */
    static TlsIdentity identity(AgentOptions options, HostInfo host, Clock clock) throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        if (!options.listen().getAddress().isAnyLocalAddress()) {
            addresses.add(options.listen().getAddress());
        } else {
            for (String a : host.addresses()) {
                addresses.add(InetAddress.getByName(a));
            }
        }
        return new TlsIdentityStore(options.stateDir()).loadOrCreate(host.hostName(), addresses, clock);
    }

    /** The chosen stack driver; a userspace node ({@code launcher} builds it) fences by stopping every VM ({@code fence}). */
    private static StackDriver stack(AgentOptions options, StackDetection detection, CommandRunner runner,
            String nodeName, Clock clock, VmFence fence, NodeLauncher launcher) {
        boolean kernel = switch (options.stack()) {
            case "kernel" -> true;
            case "userspace" -> false;
            default -> detection.kernelAvailable();
        };
        return kernel ? new KernelStackDriver(runner, new Configfs(options.configfs()), options.initScript(),
                options.clusterConf(), clock, new O2hbLiveNodes(options.debugfs()))
                : new UserspaceStackDriver(nodeName, clock, launcher, fence);
    }

    public String url() {
        return url;
    }

    public String fingerprint() {
        return identity.fingerprint();
    }

    /**
     * One empty datagram to a peer's netconsole port, so the kernel resolves its MAC (netpoll will not), then up to 3 s
     * for the neighbour entry to complete: the peer must answer the ARP request, and a loaded host (or a guest
     * under emulation) takes longer than a LAN's milliseconds.
     */
    private static void nudge(String ip, int port, NeighbourTable neighbours) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.send(new java.net.DatagramPacket(new byte[0], 0, new InetSocketAddress(ip, port)));
            for (int i = 0; i < 15 && neighbours.lookup(ip).isEmpty(); i++) {
                Thread.sleep(200); // waiting for the entry to complete; not a decision timer
            }
        } catch (IOException e) {
            log.debug("netconsole: no datagram to {}:{}: {}", ip, port, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This node's kernel log, one record a line: {@code dmesg --raw}, or the file {@code --kernel-log} names. */
    private static List<String> ownKernelLog(AgentOptions options, CommandRunner runner) {
        if (options.kernelLog().equals("dmesg")) {
            var r = runner.run(List.of("dmesg", "--raw"));
            if (!r.ok()) {
                throw new IllegalStateException("dmesg --raw exited " + r.exitCode() + ": " + r.stderr().strip()
                        + " (the agent needs CAP_SYSLOG, or kernel.dmesg_restrict=0)");
            }
            return r.stdout().lines().toList();
        }
        try {
            return Files.readAllLines(Path.of(options.kernelLog()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The peers' netconsole receiver on the API's address, or null when turned off ({@code --netconsole-port 0}) or
     * when the port is taken: a warning naming the fix, not a start failure (the API still serves).
     */
    private static NetconsoleReceiver netconsole(AgentOptions options, KernelLogStore store, Clock clock) {
        if (options.netconsolePort() == 0) {
            return null;
        }
        InetSocketAddress bind = new InetSocketAddress(options.listen().getAddress(), options.netconsolePort());
        try {
            return new NetconsoleReceiver(bind, store, clock);
        } catch (java.net.SocketException e) {
            log.warn("netconsole receiver not started: UDP {}:{}: {}; a fenced peer's last kernel lines will not be"
                    + " kept here: free the port or give --netconsole-port another one (0: off)",
                    bind.getAddress().getHostAddress(), bind.getPort(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        server.stop();
        if (netconsole != null) {
            try {
                netconsole.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probes.close();
        if (userspace && stack.state() == io.o2pool.agent.api.StackState.HEARTBEATING) {
            // the node is about to leave the heartbeat cleanly, which the other servers take as its death at once
            vms.destroyAllForDeparture("the agent stops and its node leaves the cluster's heartbeat");
        }
        vms.close();
        if (guard != null) {
            guard.close();
        }
        stack.close();
    }
}
