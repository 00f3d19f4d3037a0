package io.o2pool.agent.preflight;

import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Finding;
import io.o2pool.agent.api.PreflightReport;
import io.o2pool.agent.api.PreflightRequest;
import io.o2pool.agent.api.Severity;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.config.ConfigStore;
import io.o2pool.agent.facts.HostInfo;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.agent.vm.VmDriver;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a server before the manager changes it, and changes nothing: the node-name mapping, the cluster address
 * is local (and not loopback unless the pool is), {@code ip_port} free or held by our own stack, TCP reachability
 * of the given peers, clock skew against the manager, no cluster configured by someone else, and the running VMs.
 * Every check runs; the report has all findings at once.
 */
public final class Preflight {
    /** Skew that earns a warning / an error: o2cb does not need synced clocks, but the pool's records and logs do. */
    static final Duration SKEW_WARNING = Duration.ofSeconds(5);
    static final Duration SKEW_ERROR = Duration.ofSeconds(60);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Path hostsFile;
    private final HostsCheck hosts;
    private final HostInfo host;
    private final Network network;
    private final Clock clock;
    private final StackDriver stack;
    private final ConfigStore config;
    private final Path clusterConf;
    private final VmDriver vms;
    private final ProbeListeners probes;

    public Preflight(Path hostsFile, HostsCheck hosts, HostInfo host, Network network, Clock clock, StackDriver stack,
            ConfigStore config, Path clusterConf, VmDriver vms, ProbeListeners probes) {
        this.probes = probes;
        this.hostsFile = hostsFile;
        this.hosts = hosts;
        this.host = host;
        this.network = network;
        this.clock = clock;
        this.stack = stack;
        this.config = config;
        this.clusterConf = clusterConf;
        this.vms = vms;
    }

    public PreflightReport run(PreflightRequest request) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(hostsMapping(request));
        InetAddress address = literal(request.address());
        findings.addAll(localAddress(request, address));
        findings.addAll(port(request, address));
        findings.addAll(peers(request));
        findings.addAll(clockSkew(request));
        findings.addAll(existingCluster(request));
        findings.addAll(runningVms());
        return PreflightReport.of(findings);
    }

    private List<Finding> hostsMapping(PreflightRequest r) {
        try {
            String text = Files.readString(hostsFile);
            return hosts.check(hostsFile.toString(), text, r.nodeName(), r.address(), r.loopbackPool());
        } catch (IOException e) {
            return List.of(new Finding("hosts.unreadable", Severity.ERROR, "cannot read " + hostsFile, e.getMessage(),
                    "make " + hostsFile + " readable and add the line '" + r.address() + " " + r.nodeName() + "'"));
        }
    }

    private List<Finding> localAddress(PreflightRequest r, InetAddress address) {
        List<Finding> findings = new ArrayList<>();
        if (address.isLoopbackAddress() && !r.loopbackPool()) {
            findings.add(new Finding("address.loopback", Severity.ERROR, "cluster address " + r.address()
                    + " is a loopback address; other servers cannot reach it", r.address(),
                    "use the address of the interface the other servers reach (one of " + host.addresses() + ")"));
        }
        if (!host.isLocal(address)) {
            findings.add(new Finding("address.not-local", Severity.ERROR, "cluster address " + r.address()
                    + " is not on any interface of " + host.hostName(), String.join(", ", host.addresses()),
                    "configure " + r.address() + " on this server's cluster interface, or use one of " + host.addresses()));
        }
        return findings;
    }

    private List<Finding> port(PreflightRequest r, InetAddress address) {
        if (!host.isLocal(address) || network.canBind(address, r.port())) {
            return List.of();
        }
        if (probes.holds(address, r.port())) {
            return List.of(new Finding("port.probe", Severity.INFO, r.address() + ":" + r.port()
                    + " is held by this agent's probe listener (POST /v1/probe/listen) for peers' reachability checks",
                    r.address() + ":" + r.port(), "nothing to do; it closes by itself"));
        }
        ClusterView view = stack.view();
        if (view.state() != StackState.OFFLINE && view.members().stream()
                .anyMatch(m -> m.local() && m.port() == r.port())) {
            return List.of(new Finding("port.ours", Severity.INFO, r.address() + ":" + r.port()
                    + " is held by this node's running " + stack.name() + " stack", view.state().name(), "nothing to do"));
        }
        return List.of(new Finding("port.in-use", Severity.ERROR, "TCP " + r.address() + ":" + r.port()
                + " is in use by another program; o2net needs it", r.address() + ":" + r.port(),
                "find it with `ss -ltnp 'sport = :" + r.port() + "'` and stop it, or choose another ip_port for the whole cluster"));
    }

    private List<Finding> peers(PreflightRequest r) {
        List<Finding> findings = new ArrayList<>();
        InetAddress self = literal(r.address());
        InetAddress source = host.isLocal(self) ? self : null; // o2net connects from the node's cluster address
        for (String peer : r.peers()) {
            int colon = peer.lastIndexOf(':');
            InetSocketAddress target = new InetSocketAddress(literal(peer.substring(0, colon)),
                    Integer.parseInt(peer.substring(colon + 1)));
            String error = network.connect(source, target, CONNECT_TIMEOUT);
            if (error != null) {
                findings.add(new Finding("peer.unreachable", Severity.ERROR, "cannot open TCP to " + peer + " from "
                        + r.nodeName() + (source == null ? "" : " (" + r.address() + ")") + ": " + error, peer,
                        "allow TCP port " + target.getPort() + " from " + r.address() + " to " + peer + " (firewall),"
                        + " and check that " + peer + " is the peer's cluster address"));
            }
        }
        return findings;
    }

    private List<Finding> clockSkew(PreflightRequest r) {
        if (r.managerTime() == null) {
            return List.of();
        }
        Duration skew = Duration.between(r.managerTime(), clock.instant()).abs();
        if (skew.compareTo(SKEW_WARNING) < 0) {
            return List.of();
        }
        Severity severity = skew.compareTo(SKEW_ERROR) >= 0 ? Severity.ERROR : Severity.WARNING;
        return List.of(new Finding("clock.skew", severity, "this server's clock is " + skew.toMillis()
                + " ms away from the manager's", clock.instant().toString(),
                "synchronize the clock with NTP (e.g. apt-get install chrony) on this server and the manager"));
    }

    private List<Finding> existingCluster(PreflightRequest r) {
        List<Finding> findings = new ArrayList<>();
        Optional<String> onDisk = clusterOnDisk();
        boolean managed = config.status().live() != null;
        onDisk.filter(name -> !managed).ifPresent(name -> findings.add(new Finding("cluster.foreign", Severity.ERROR,
                clusterConf + " already defines cluster " + name + ", not configured by o2pool", name,
                "if this server leaves that cluster, take it offline (/etc/init.d/o2cb offline " + name + ") and move "
                        + clusterConf + " aside; o2pool then writes its own")));
        onDisk.filter(name -> managed && !name.equals(r.clusterName())).ifPresent(name -> findings.add(new Finding(
                "cluster.other", Severity.ERROR, "this server is in cluster " + name + ", not " + r.clusterName(), name,
                "remove the server from its pool first")));
        ClusterView view = stack.view();
        if (view.state() != StackState.OFFLINE && view.clusterName() != null && !view.clusterName().equals(r.clusterName())) {
            findings.add(new Finding("stack.other-cluster", Severity.ERROR, "the " + stack.name() + " stack runs cluster "
                    + view.clusterName() + ", not " + r.clusterName(), view.state().name(),
                    "take cluster " + view.clusterName() + " offline first"));
        }
        return findings;
    }

    private Optional<String> clusterOnDisk() {
        try {
            if (!Files.isRegularFile(clusterConf)) {
                return Optional.empty();
            }
            return ConfReader.parse(Files.readAllBytes(clusterConf)).conf().clusters().stream().findFirst()
                    .map(Cluster::name);
        } catch (IOException | ConfParseException e) {
            return Optional.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    private List<Finding> runningVms() {
        io.o2pool.agent.api.VmLayer layer = vms.probe();
        if (!layer.reachable()) {
            return List.of(new Finding("vm.driver-unreachable", Severity.WARNING, "the " + layer.driver()
                    + " VM driver does not answer" + (layer.uri() != null ? " at " + layer.uri() : "") + ": "
                    + layer.detail() + "; this server's VMs cannot be listed, started or stopped",
                    layer.uri() != null ? layer.uri() : layer.driver(), layer.fix()));
        }
        List<VmInfo> running;
        try {
            running = vms.list();
        } catch (RuntimeException e) {
            return List.of(new Finding("vm.driver-unreachable", Severity.WARNING, "the " + layer.driver()
                    + " VM driver failed to list the VMs: " + e.getMessage(), layer.driver(), layer.fix()));
        }
        return running.stream().map(vm -> new Finding("vm.running", Severity.WARNING, "VM " + vm.name()
                + " is running (" + vm.driver() + (vm.pid() > 0 ? ", pid " + vm.pid() : "") + ")", vm.name(),
                "stop every VM before changing the cluster mode (POST /v1/vms/stop-all)")).toList();
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // an IPv4 literal, validated by the resource: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
