package io.o2pool.manager.agents;

import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.Facts;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.manager.model.RepositoryType;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Adapts the agent's HTTPS API ({@link AgentClient}) to the {@link AgentGateway} the jobs use. Agent errors become
 * {@link AgentException}s: no answer (status 0) and 5xx are transient, other statuses permanent. Detaching unmounts
 * (idempotent on the agent); a pool repository of type NFS is attached as a shared directory.
 */
final class AgentClientGateway implements AgentGateway {

    /** A client bound to the fingerprint it trusts. */
    record Connected(AgentClient client, String fingerprint) {
    }

    private final String server;
    private final Supplier<Connected> connector;
    private Connected connected;
    /** The agent's node name from its last facts: a preflight or probe right after facts needs no facts call again. */
    private volatile String knownNodeName;

    AgentClientGateway(String server, Supplier<Connected> connector) {
        this.server = server;
        this.connector = connector;
    }

    @Override
    public String server() {
        return server;
    }

    private synchronized Connected connected() {
        if (connected == null) {
            connected = connector.get();
        }
        return connected;
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (AgentClientException e) {
            boolean transientFailure = e.status() == 0 || e.status() >= 500;
            throw new AgentException(server, what + ": " + e.getMessage(), transientFailure, e);
        }
    }

    private AgentClient client() {
        return connected().client();
    }

    @Override
    public AgentFacts facts() {
        Facts f = facts("facts");
        ConfigStatus c = call("config status", () -> client().config());
        ClusterView v = call("cluster view", () -> client().cluster());
        RepositoryInfo repo = f.repositories().isEmpty() ? null : f.repositories().getFirst();
        return new AgentFacts(nodeName(f), f.addresses(), connected().fingerprint(),
                c.live() == null ? 0 : c.live().generation(), c.live() == null ? null : c.live().checksum(),
                v.state() != StackState.OFFLINE, repo == null ? null : repo.uuid(),
                repo == null ? null : volumeMode(repo.mode()), repo == null ? null : mount(repo.mount()),
                f.vms().stream().filter(vm -> !NOT_RUNNING.contains(vm.state().toLowerCase(java.util.Locale.ROOT)))
                        .map(VmInfo::name).toList(),
                c.drift());
    }

    /** The VM states (as {@code GET /v1/facts} lists them) in which no QEMU of the VM runs. */
    private static final java.util.Set<String> NOT_RUNNING = java.util.Set.of("stopped", "crashed", "missing");

    @Override
    public List<VmReport> vms() {
        return call("list VMs", () -> client().vmStatuses()).stream().map(AgentClientGateway::report).toList();
    }

    static VmReport report(io.o2pool.agent.api.VmStatus s) {
        io.o2pool.manager.model.VmState state = switch (s.state()) {
            case RUNNING -> io.o2pool.manager.model.VmState.RUNNING;
            case PAUSED -> io.o2pool.manager.model.VmState.PAUSED;
            case MIGRATING -> io.o2pool.manager.model.VmState.MIGRATING;
            case STOPPED, MISSING -> io.o2pool.manager.model.VmState.STOPPED;
            case CRASHED -> io.o2pool.manager.model.VmState.CRASHED;
            case UNKNOWN -> io.o2pool.manager.model.VmState.UNKNOWN;
        };
        return new VmReport(s.name(), state, s.reason());
    }

    @Override
    public void defineVm(io.o2pool.manager.model.Vm vm) {
        var definition = new io.o2pool.agent.api.VmDefinition(vm.name(), vm.uuid(), vm.vcpus(), vm.memoryMib(),
                vm.image(), vm.ha(), vm.preferredServer());
        call("define VM " + vm.name(), () -> client().defineVm(definition));
    }

    @Override
    public void startVm(String vm) {
        call("start VM " + vm, () -> client().startVm(vm));
    }

    @Override
    public void stopVm(String vm, java.time.Duration timeout) {
        call("stop VM " + vm, () -> client().shutdownVm(vm, (int) Math.max(1, timeout.toSeconds())));
    }

    @Override
    public void destroyVm(String vm) {
        call("force off VM " + vm, () -> client().destroyVm(vm));
    }

    @Override
    public VmDestination vmDestination() {
        var e = call("VM migration endpoint", () -> client().vmEndpoint());
        return new VmDestination(e.node(), e.nodeNumber(), e.driver(), e.libvirtUri(), e.migrationUri());
    }

    @Override
    public void migrateVm(String vm, VmDestination to) {
        var endpoint = new io.o2pool.agent.api.VmEndpoint(to.node(), to.nodeNumber(), to.driver(), to.libvirtUri(),
                to.migrationUri());
        call("migrate VM " + vm + " to " + to.node(), () -> client().migrateVm(vm,
                new io.o2pool.agent.api.MigrateRequest(endpoint, MIGRATE_TIMEOUT_SECONDS)));
    }

    /** How long a live migration may take before the source gives up (a tiny guest moves in about a second). */
    static final int MIGRATE_TIMEOUT_SECONDS = 300;

    @Override
    public void undefineVm(String vm) {
        call("undefine VM " + vm, () -> client().undefineVm(vm, true));
    }

    private Facts facts(String what) {
        Facts f = call(what, () -> client().facts());
        knownNodeName = nodeName(f);
        return f;
    }

    private static String nodeName(Facts f) {
        return f.nodeName() != null && !f.nodeName().isBlank() ? f.nodeName() : f.hostName();
    }

    /** The agent's node name: as its facts said in this job's earlier call, else asked now. */
    private String nodeName() {
        String known = knownNodeName;
        return known != null ? known : nodeName(facts("facts"));
    }

    /** The volume's mode as the agent read it from the superblock; null for a directory (or an agent that omits it). */
    static VolumeMode volumeMode(io.o2pool.agent.api.RepositoryMode mode) {
        if (mode == null) {
            return null;
        }
        return switch (mode) {
            case LOCAL -> VolumeMode.LOCAL;
            case CLUSTER -> VolumeMode.CLUSTER;
            case NOT_OCFS2 -> null;
        };
    }

    /** How the agent's kernel has the repository mounted; {@code UNMOUNTED} when the agent omits it. */
    static RepositoryMount mount(io.o2pool.agent.api.RepositoryMount mount) {
        if (mount == null) {
            return RepositoryMount.UNMOUNTED;
        }
        return switch (mount) {
            case UNMOUNTED -> RepositoryMount.UNMOUNTED;
            case HEARTBEAT_NONE -> RepositoryMount.HEARTBEAT_NONE;
            case HEARTBEAT_LOCAL -> RepositoryMount.HEARTBEAT_LOCAL;
            case HEARTBEAT_GLOBAL -> RepositoryMount.HEARTBEAT_GLOBAL;
            case OTHER_STACK -> RepositoryMount.OTHER_STACK;
            case NOT_A_MOUNT -> RepositoryMount.NOT_A_MOUNT;
        };
    }

    @Override
    public List<Finding> preflight(PreflightRequest request) {
        String nodeName = nodeName();
        var report = call("preflight", () -> client().preflight(new io.o2pool.agent.api.PreflightRequest(nodeName,
                request.self().ip(), request.self().port(), request.clusterName(), List.of(), request.loopbackPool(),
                Instant.now())));
        // port.probe: the port is held by a probe listener a preflight of the manager's own opened (it closes by
        // itself, and the stack takes the port from it): not the user's concern, and it would make two preflights
        // a few seconds apart differ
        return report.findings().stream().filter(x -> !x.code().equals("port.probe")).map(this::finding).toList();
    }

    @Override
    public void listenForProbes(HostPort self, java.time.Duration duration) {
        try {
            client().probeListen(new io.o2pool.agent.api.ProbeRequest(self.ip(), self.port(),
                    (int) Math.min(300, Math.max(1, duration.toSeconds()))));
        } catch (AgentClientException e) {
            if (e.status() != 409) { // 409: something (its own stack) holds the port already; the probe will tell
                throw new AgentException(server, "listen for probes on " + self.ip() + ":" + self.port() + ": "
                        + e.getMessage(), e.status() == 0 || e.status() >= 500, e);
            }
        }
    }

    @Override
    public List<Reach> probe(HostPort from, List<HostPort> targets) {
        String nodeName = nodeName();
        var report = call("connectivity check", () -> client().preflight(new io.o2pool.agent.api.PreflightRequest(
                nodeName, from.ip(), from.port(), "probe",
                targets.stream().map(t -> t.ip() + ":" + t.port()).toList(), true, null)));
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        report.findings().stream().filter(x -> x.code().equals("peer.unreachable"))
                .forEach(x -> errors.put(x.value(), x.message()));
        return targets.stream().map(t -> new Reach(t, errors.get(t.ip() + ":" + t.port()))).toList();
    }

    private Finding finding(io.o2pool.agent.api.Finding f) {
        Finding.Severity severity = switch (f.severity()) {
            case ERROR -> Finding.Severity.ERROR;
            case WARNING -> Finding.Severity.WARNING;
            case INFO -> Finding.Severity.INFO;
        };
        String message = f.value() == null ? f.message() : f.message() + " (" + f.value() + ")";
        return new Finding(severity, f.code(), server, message, f.fix());
    }

    @Override
    public String enrol() {
        return call("enrol this manager", () -> client().enrol()).managerFingerprint();
    }

    @Override
    public void stage(ConfigBundle b) {
        call("stage generation " + b.generation(), () -> client().stage(new StageRequest(b.generation(), b.poolId(),
                b.clusterConf(), b.o2cbDefaults(), b.checksum())));
    }

    @Override
    public String commit(long generation) {
        var result = call("commit generation " + generation, () -> client().commit(generation));
        return result.stack() == null ? null : result.stack() + ": " + result.note();
    }

    @Override
    public void abort(long generation) {
        call("abort generation " + generation, () -> client().abort(generation));
    }

    @Override
    public void startStack() {
        ClusterView v = call("cluster view", () -> client().cluster());
        switch (v.state()) {
            case OFFLINE -> {
                ClusterView after = call("bring the cluster stack online", () -> client().online());
                if (after.state() == StackState.OFFLINE) {
                    throw new AgentException(server, "the cluster stack is still OFFLINE after going online", true);
                }
            }
            case ONLINE, HEARTBEATING -> { }
            case FENCED -> throw new AgentException(server, "the cluster stack is FENCED; restart it on the server",
                    false);
        }
    }

    @Override
    public void stopStack() {
        ClusterView v = call("cluster view", () -> client().cluster());
        if (v.state() != StackState.OFFLINE) {
            call("take the cluster stack offline", () -> client().offline());
        }
    }

    @Override
    public void convertRepositoryToCluster(RepositorySpec repository, int maxNodes) {
        call("convert the repository to cluster mode", () -> client().convertToCluster(repository.path(), maxNodes));
    }

    @Override
    public void growSlots(RepositorySpec repository, int slots) {
        call("raise the volume's node slots to " + slots, () -> client().growSlots(repository.path(), slots));
    }

    @Override
    public RepositoryStatus attachRepository(RepositorySpec repository) {
        String type = repository.type() == RepositoryType.OCFS2 ? "ocfs2" : "directory";
        RepositoryInfo info = call("attach the repository", () -> client().attachRepository(
                new AttachRequest(type, repository.path(), repository.uuid())));
        return status(info);
    }

    /** The agent's answer to attach as the jobs see it. */
    static RepositoryStatus status(RepositoryInfo info) {
        return new RepositoryStatus(info.uuid(), info.mountPoint(), volumeMode(info.mode()), mount(info.mount()));
    }

    @Override
    public RepositoryInspection inspectRepository(RepositorySpec repository) {
        RepositoryInfo info = call("inspect the repository", () -> client().inspectRepository(type(repository),
                repository.path()));
        return inspection(info, repository.type());
    }

    /** The agent's answer to inspect as the jobs see it: the volume mode for OCFS2, none for a directory. */
    static RepositoryInspection inspection(RepositoryInfo info, RepositoryType type) {
        return new RepositoryInspection(info.uuid(), type == RepositoryType.OCFS2 ? volumeMode(info.mode()) : null,
                info.mountPoint(), type == RepositoryType.OCFS2 ? info.slots() : null);
    }

    /**
     * Unmounts (OCFS2) or releases (directory) the repository; idempotent on the agent. On the userspace stack the
     * node heartbeating in the directory stops cleanly, as the kernel's local heartbeat stops with the umount.
     */
    @Override
    public void detachRepository(RepositorySpec repository) {
        call("detach the repository", () -> client().detachRepository(type(repository), repository.path()));
    }

    @Override
    public HostsFixResult fixHosts(String nodeName, String address, String expectedSha256, boolean apply) {
        var a = call(apply ? "fix the hosts file" : "show the hosts-file fix", () -> client().fixHosts(
                new io.o2pool.agent.api.HostsFixRequest(nodeName, address, expectedSha256, apply)));
        return new HostsFixResult(a.path(), a.sha256(), a.before(), a.after(), a.changes(), a.applied(), a.backup());
    }

    @Override
    public void forgetPool(String poolId) {
        call("leave the pool", () -> client().forget(poolId));
    }

    private static String type(RepositorySpec repository) {
        return repository.type() == RepositoryType.OCFS2 ? "ocfs2" : "directory";
    }

    @Override
    public List<io.o2pool.agent.api.GuardKill> guardKills(int limit) {
        return call("VM guard kills", () -> client().guardKills(limit)).kills();
    }

    @Override
    public List<FenceRecord> fenceRecords(String nodeName, int limit) {
        var answer = call("fence records of " + nodeName, () -> client().fenceRecords(nodeName, limit));
        return answer.records().stream().map(r -> new FenceRecord(r.time(), r.cluster(), r.node(), r.nodeNumber(),
                r.rule(), r.message(), r.heartbeating(), r.connected(), r.lowestNode(), r.peersSeen(),
                r.peersConnected(), r.lastWriteLatenciesMs(), r.method(), kernel(r.kernel()))).toList();
    }

    private static io.o2pool.manager.agents.KernelFence kernel(io.o2pool.agent.api.KernelFenceInfo k) {
        return k == null ? null : new io.o2pool.manager.agents.KernelFence(k.fencedNodeSource(), k.writeTimeoutMs(),
                k.warningBeforeFenceMs(), k.evictionMs(), k.lines().stream().map(l -> new KernelFence.Line(
                        l.origin(), l.node(), l.via(), l.uptimeUs(), l.level(), l.text())).toList());
    }

    @Override
    public java.util.Optional<io.o2pool.agent.api.HeartbeatReport> heartbeat() {
        return java.util.Optional.of(call("heartbeat health", () -> client().heartbeat()));
    }

    @Override
    public LiveConfig liveConfig() {
        var live = call("live config", () -> client().liveConfig());
        return new LiveConfig(live.live() == null ? null : live.live().generation(),
                live.live() == null ? null : live.live().checksum(), live.clusterConf(), live.o2cbDefaults(),
                live.diskChecksum(), live.drift(), live.problems());
    }

    @Override
    public Membership membership() {
        ClusterView v = call("cluster view", () -> client().cluster());
        ConfigStatus c = call("config status", () -> client().config());
        Set<Integer> configured = new LinkedHashSet<>();
        Set<Integer> live = new LinkedHashSet<>();
        Set<Integer> connected = new LinkedHashSet<>();
        Integer self = null;
        for (Member m : v.members()) {
            configured.add(m.number());
            if (m.connected()) {
                connected.add(m.number());
            }
            if (m.alive()) { // the disk heartbeat's verdict alone: a lost o2net connection is not death
                live.add(m.number());
            }
            if (m.local()) {
                self = m.number();
            }
        }
        StackStatus stack = switch (v.state()) {
            case OFFLINE -> StackStatus.OFFLINE;
            case ONLINE -> StackStatus.ONLINE;
            case HEARTBEATING -> StackStatus.HEARTBEATING;
            case FENCED -> StackStatus.FENCED;
        };
        return new Membership(c.live() == null ? 0 : c.live().generation(), stack, configured, live, connected,
                self, v.at(), Boolean.FALSE.equals(v.steady()), v.hold());
    }
}
