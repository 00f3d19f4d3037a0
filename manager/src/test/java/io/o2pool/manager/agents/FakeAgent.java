package io.o2pool.manager.agents;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted agent for unit tests: keeps staged and live cluster.conf generations like the real agent, and fails the
 * next call(s) of an operation on request ({@code failNext(Op.COMMIT)}), or every call once {@link #kill()}ed.
 * Membership comes from its {@link FakeFleet}: the nodes of its live config whose agents run their stack.
 * Thread-safe (all methods synchronized).
 */
public final class FakeAgent implements AgentGateway {

    /** Agent operations that can be scripted to fail. */
    public enum Op { FACTS, PREFLIGHT, PROBE, STAGE, COMMIT, ABORT, START_STACK, STOP_STACK, CONVERT, ATTACH,
        DETACH, MEMBERSHIP, FENCE_RECORDS, INSPECT, FORGET, ENROL, VMS, DEFINE_VM, START_VM, STOP_VM, MIGRATE_VM,
        UNDEFINE_VM }

    private final FakeFleet fleet;
    final String host;
    final String hostname;
    final String password;
    String repositoryUuid;
    VolumeMode repositoryMode = VolumeMode.CLUSTER;
    RepositoryMount repositoryMount = RepositoryMount.HEARTBEAT_LOCAL;
    final List<String> runningVms = new ArrayList<>();
    final List<Finding> preflightFindings = new ArrayList<>();
    private final Map<Op, Deque<AgentException>> failures = new EnumMap<>(Op.class);
    private final List<String> calls = new ArrayList<>();
    private boolean killed;
    private boolean silent;
    private Op killOn;
    private Op crashOn;

    /** Thrown by {@link #crashOn}: stands for the manager process dying (kill -9) in the middle of a call. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String message) {
            super(message);
        }
    }

    private long liveGeneration;
    private boolean forgotten;
    /** The repository path this agent has attached (fakes of several pools share a fleet). */
    private String attachedPath;
    private String liveText = "";
    private String liveO2cbDefaults = "";
    private boolean handEdited;
    private String liveChecksum;
    private final Map<Long, ConfigBundle> staged = new HashMap<>();
    private boolean stackRunning;
    private boolean fenced;
    private final Set<String> unseen = new java.util.HashSet<>();
    private boolean attached;
    private final List<FenceRecord> fenceRecords = new ArrayList<>();
    private final List<FenceRecord> assembledFenceRecords = new ArrayList<>();
    private List<String> liveProblems = List.of();
    private io.o2pool.agent.api.HeartbeatReport heartbeat;
    private final List<io.o2pool.agent.api.GuardKill> guardKills = new ArrayList<>();

    FakeAgent(FakeFleet fleet, String host, String hostname, String password, String repositoryUuid) {
        this.fleet = fleet;
        this.host = host;
        this.hostname = hostname;
        this.password = password;
        this.repositoryUuid = repositoryUuid;
    }

    @Override
    public String server() {
        return hostname;
    }

    // ---- scripting ----

    /** The next call of {@code op} fails permanently. */
    public FakeAgent failNext(Op op) {
        return failNext(op, 1, false);
    }

    /** The next {@code times} calls of {@code op} fail; transient failures are retried by the engine. */
    public synchronized FakeAgent failNext(Op op, int times, boolean transientFailure) {
        for (int i = 0; i < times; i++) {
            failures.computeIfAbsent(op, o -> new ArrayDeque<>()).add(new AgentException(hostname,
                    "scripted " + op + " failure", transientFailure));
        }
        return this;
    }

    /**
     * Its agent stops answering (every call fails transiently) while its node keeps heartbeating: the others still see
     * it live, as with a firewalled agent port or a hung agent process.
     */
    public synchronized void silence() {
        silent = true;
    }

    /**
     * Every later call fails with a transient "connection refused", as if the agent process were killed: its node
     * stops heartbeating (the userspace stack lives in the agent) and its guard destroys its guests before the
     * survivors can declare the node dead.
     */
    public synchronized void kill() {
        killed = true;
        hypervisor.clear();
    }

    /** The agent dies when {@code op} is next called: that call and every later one fail transiently. */
    public synchronized FakeAgent killOn(Op op) {
        killOn = op;
        return this;
    }

    /**
     * The next call of {@code op} completes on the agent, then the manager "dies": the call throws
     * {@link SimulatedCrash}, which the engine does not catch, leaving the job RUNNING in the store as after kill -9.
     */
    public synchronized FakeAgent crashOn(Op op) {
        crashOn = op;
        return this;
    }

    /**
     * Its stack fences itself without a readable record (as the kernel stack): it stops heartbeating and reports
     * FENCED until started again.
     */
    public synchronized void fence() {
        stackRunning = false;
        fenced = true;
    }

    /**
     * Its stack fences itself at {@code at} for {@code rule}, writing a fence record to the shared repository first
     * (every agent of the fleet can read it): it stops heartbeating and reports FENCED until started again.
     */
    public synchronized FenceRecord fence(java.time.Instant at, String rule) {
        int number = nodes(liveText).entrySet().stream().filter(e -> e.getValue().equals(hostname))
                .mapToInt(Map.Entry::getKey).findFirst().orElse(-1);
        FenceRecord r = new FenceRecord(at, "ocfs2", hostname, number, rule, "o2quo: " + rule + " on " + hostname, 3, 1, 0,
                List.of("peer-a", "peer-b"), List.of(), List.of(3L, 4L, 12000L), "stop");
        fenceRecords.add(r);
        fence();
        return r;
    }

    /**
     * A kernel-stack fence record this agent assembled for a peer (from the peer's netconsole lines it received and
     * its own eviction lines): it answers it for {@code r.node()}, besides the repository's records.
     */
    public synchronized FakeAgent withAssembledFenceRecord(FenceRecord r) {
        assembledFenceRecords.add(r);
        return this;
    }

    /** Fence records in the repository without the stack turning FENCED (e.g. written before a reboot). */
    public synchronized void withFenceRecord(FenceRecord r) {
        fenceRecords.add(r);
    }

    /** This node alone stops (or, with {@code seen}, starts again) seeing the node of {@code hostname} live. */
    public synchronized FakeAgent sees(String hostname, boolean seen) {
        if (seen) {
            unseen.remove(hostname);
        } else {
            unseen.add(hostname);
        }
        return this;
    }

    public synchronized void revive() {
        killed = false;
        silent = false;
    }

    public synchronized FakeAgent withVms(String... names) {
        runningVms.addAll(List.of(names));
        return this;
    }

    /** Every VM stopped. */
    public synchronized FakeAgent withoutVms() {
        runningVms.clear();
        return this;
    }

    public synchronized FakeAgent withPreflightFinding(Finding f) {
        preflightFindings.add(f);
        return this;
    }

    public synchronized FakeAgent withRepositoryUuid(String uuid) {
        repositoryUuid = uuid;
        return this;
    }

    /** The repository's volume {@code mode} and how it is mounted, as the agent reports them. */
    public synchronized FakeAgent withRepository(VolumeMode mode, RepositoryMount mount) {
        repositoryMode = mode;
        repositoryMount = mount;
        return this;
    }

    /**
     * As {@link #withRepository}, written as in a mount table for readability: {@code ("local", "rw,heartbeat=none")}.
     * Test shorthand only: {@code mode} is a {@link VolumeMode} name and {@code options} names one heartbeat option.
     */
    public synchronized FakeAgent withRepositoryMode(String mode, String options) {
        RepositoryMount mount = options.contains("heartbeat=local") ? RepositoryMount.HEARTBEAT_LOCAL
                : options.contains("heartbeat=global") ? RepositoryMount.HEARTBEAT_GLOBAL
                : options.contains("heartbeat=none") ? RepositoryMount.HEARTBEAT_NONE : RepositoryMount.OTHER_STACK;
        return withRepository(VolumeMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), mount);
    }

    // ---- observation ----

    public synchronized long liveGeneration() {
        return liveGeneration;
    }

    /** Someone edits the live cluster.conf by hand: the files no longer match the committed generation. */
    public synchronized void editLiveClusterConf(String text) {
        liveText = text;
        handEdited = true;
    }

    /** The live o2cb defaults file text. */
    /**
     * Someone edits the live o2cb defaults file by hand; {@code problems} is what the agent reports keeps its stack
     * from using it (as the real agent words it: file, line, value, fix).
     */
    public synchronized void editLiveO2cbDefaults(String text, String... problems) {
        liveO2cbDefaults = text;
        handEdited = true;
        liveProblems = List.of(problems);
    }

    public synchronized String liveO2cbDefaults() {
        return liveO2cbDefaults;
    }

    public synchronized String liveText() {
        return liveText;
    }

    public synchronized Set<Long> stagedGenerations() {
        return Set.copyOf(staged.keySet());
    }

    public synchronized boolean stackRunning() {
        return stackRunning && !killed;
    }

    public synchronized boolean attached() {
        return attached;
    }

    /** Forgets the calls seen so far, so a test can check what one job did. */
    public synchronized void clearCalls() {
        calls.clear();
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Whether any call changed files or state (stage, commit, rollback, stack, repository). */
    public synchronized boolean changedAnything() {
        return calls.stream().anyMatch(c -> !c.startsWith("facts") && !c.startsWith("preflight")
                && !c.startsWith("probe") && !c.startsWith("membership") && !c.startsWith("live-config") && !c.startsWith("inspect") && !c.startsWith("fence-records"));
    }

    // ---- AgentGateway ----

    private void enter(Op op, String call) {
        if (op == killOn) {
            killed = true;
        }
        if (killed || silent) {
            throw new AgentException(hostname, "connection refused (" + host + ")", true);
        }
        calls.add(call);
        Deque<AgentException> queue = failures.get(op);
        if (queue != null && !queue.isEmpty()) {
            throw queue.poll();
        }
    }

    @Override
    public synchronized AgentFacts facts() {
        enter(Op.FACTS, "facts");
        return new AgentFacts(hostname, List.of(host), "fp-" + hostname, liveGeneration,
                liveChecksum,
                stackRunning, repositoryUuid, repositoryMode, repositoryMount, List.copyOf(runningVms), handEdited);
    }

    @Override
    public synchronized List<Finding> preflight(PreflightRequest request) {
        enter(Op.PREFLIGHT, "preflight");
        List<Finding> findings = new ArrayList<>(preflightFindings);
        if (hostsChecked && io.o2pool.ocfs2.hosts.HostsFix.fix(hostsText, hostname, request.self().ip()).changed()) {
            findings.add(Finding.error("hosts.wrong-address", hostname, "/etc/hosts does not map " + hostname + " to "
                    + request.self().ip(), "map it in /etc/hosts"));
        }
        return findings;
    }

    @Override
    public synchronized void listenForProbes(HostPort self, java.time.Duration duration) {
        enter(Op.PROBE, "probe-listen " + self.port());
    }

    @Override
    public synchronized List<Reach> probe(HostPort from, List<HostPort> targets) {
        enter(Op.PROBE, "probe " + targets.size());
        return targets.stream().map(t -> new Reach(t, fleet.blocked(from.ip(), t.ip()) ? "connect timed out (blocked"
                + " from " + from.ip() + " to " + t.ip() + ":" + t.port() + ")" : null)).toList();
    }

    @Override
    public synchronized void stage(ConfigBundle bundle) {
        enter(Op.STAGE, "stage " + bundle.generation());
        staged.put(bundle.generation(), bundle);
    }

    @Override
    public synchronized String commit(long generation) {
        enter(Op.COMMIT, "commit " + generation);
        if (liveGeneration == generation) {
            return null;
        }
        try {
            doCommit(generation);
        } finally {
            if (crashOn == Op.COMMIT) {
                crashOn = null;
                throw new SimulatedCrash("manager killed after " + hostname + " committed " + generation);
            }
        }
        return stackRunning ? "NODES_ADDED: generation " + generation + " is live; the fake stack took it" : null;
    }

    private void doCommit(long generation) {
        ConfigBundle b = staged.remove(generation);
        if (b == null) {
            throw new AgentException(hostname, "generation " + generation + " is not staged", false);
        }
        liveGeneration = generation;
        liveText = b.clusterConf();
        liveO2cbDefaults = b.o2cbDefaults();
        handEdited = false;
        liveProblems = List.of();
        liveChecksum = b.checksum();
    }

    @Override
    public synchronized void abort(long generation) {
        enter(Op.ABORT, "abort " + generation);
        staged.remove(generation);
    }

    @Override
    public synchronized void startStack() {
        enter(Op.START_STACK, "start_stack");
        stackRunning = true;
        fenced = false;
    }

    @Override
    public synchronized void stopStack() {
        enter(Op.STOP_STACK, "stop_stack");
        stackRunning = false;
        fenced = false;
    }

    @Override
    public synchronized void convertRepositoryToCluster(RepositorySpec repository, int maxNodes) {
        enter(Op.CONVERT, "convert " + maxNodes);
        repositoryMode = VolumeMode.CLUSTER;
        repositoryMount = RepositoryMount.HEARTBEAT_LOCAL;
    }

    @Override
    public synchronized RepositoryStatus attachRepository(RepositorySpec repository) {
        enter(Op.ATTACH, "attach");
        attached = true;
        attachedPath = repository.path();
        return new RepositoryStatus(repositoryUuid, "/var/ovs/mount/" + repositoryUuid, repositoryMode,
                repositoryMount);
    }

    @Override
    public synchronized RepositoryInspection inspectRepository(RepositorySpec repository) {
        enter(Op.INSPECT, "inspect");
        return new RepositoryInspection(repositoryUuid, repositoryMode,
                attached ? "/var/ovs/mount/" + repositoryUuid : null, fleet.volumeSlots());
    }

    synchronized boolean mounts(String path) {
        return attached && (attachedPath == null || attachedPath.equals(path));
    }

    @Override
    public synchronized void growSlots(RepositorySpec repository, int slots) {
        enter(Op.CONVERT, "grow-slots " + slots);
        List<String> mounted = fleet.all().stream().filter(a -> a != this && a.mounts(repository.path()))
                .map(a -> a.hostname).toList();
        if (attached || !mounted.isEmpty()) {
            throw new AgentException(hostname, repository.path() + " is mounted (" + (attached ? hostname : "")
                    + mounted + "); tunefs.ocfs2 -N needs it unmounted on every node", false);
        }
        fleet.volumeSlots(slots);
    }


    @Override
    public synchronized void detachRepository(RepositorySpec repository) {
        enter(Op.DETACH, "detach");
        attached = false;
    }

    /** The fake's hosts file (its text; the fix maps the node name as the real agent's HostsFix does). */
    private String hostsText = "127.0.0.1\tlocalhost\n";

    private boolean hostsChecked;

    /** A hosts file the fake's preflight checks (as the agent does): its host name must map to its cluster address. */
    public synchronized FakeAgent withHosts(String text) {
        hostsText = text;
        hostsChecked = true;
        return this;
    }

    public synchronized String hostsText() {
        return hostsText;
    }

    @Override
    public synchronized HostsFixResult fixHosts(String nodeName, String address, String expectedSha256,
            boolean apply) {
        enter(Op.PREFLIGHT, "fix-hosts");
        var fixed = io.o2pool.ocfs2.hosts.HostsFix.fix(hostsText, nodeName, address);
        String sha = Integer.toHexString(hostsText.hashCode());
        if (apply && !sha.equals(expectedSha256)) {
            throw new AgentException(hostname, "/etc/hosts changed since the fix was shown", false);
        }
        String before = hostsText;
        if (apply) {
            hostsText = fixed.text();
        }
        return new HostsFixResult("/etc/hosts", sha, before, fixed.text(), fixed.changes(), apply && fixed.changed(),
                apply ? "/etc/hosts.o2pool-backup" : null);
    }

    @Override
    public synchronized String enrol() {
        enter(Op.ENROL, "enrol");
        enrolled = true;
        return "fp-manager";
    }

    // ---- VMs: a hypervisor per agent, the definitions and leases shared through the fleet (the repository) ----

    /** The VMs this agent's hypervisor runs (with {@link #withVms} stand-ins, which hold no lease). */
    private final java.util.Map<String, io.o2pool.manager.model.VmState> hypervisor = new java.util.TreeMap<>();

    @Override
    public synchronized List<VmReport> vms() {
        enter(Op.VMS, "vms");
        return hypervisor.entrySet().stream().map(e -> new VmReport(e.getKey(), e.getValue(), null)).toList();
    }

    @Override
    public synchronized void defineVm(io.o2pool.manager.model.Vm vm) {
        enter(Op.DEFINE_VM, "define-vm " + vm.name());
        fleet.define(vm.name());
    }

    @Override
    public void startVm(String vm) {
        synchronized (this) {
            enter(Op.START_VM, "start-vm " + vm);
            if (hypervisor.get(vm) == io.o2pool.manager.model.VmState.RUNNING) {
                return;
            }
        }
        if (!fleet.defined(vm)) {
            throw new AgentException(hostname, "VM " + vm + " is not defined in the repository", false);
        }
        fleet.takeLease(vm, this); // outside this agent's lock: it asks the other agents' stacks
        synchronized (this) {
            hypervisor.put(vm, io.o2pool.manager.model.VmState.RUNNING);
            runningVms.add(vm);
        }
    }

    @Override
    public synchronized void stopVm(String vm, java.time.Duration timeout) {
        enter(Op.STOP_VM, "stop-vm " + vm);
        off(vm);
    }

    @Override
    public synchronized void destroyVm(String vm) {
        enter(Op.STOP_VM, "destroy-vm " + vm);
        off(vm);
    }

    private void off(String vm) {
        if (hypervisor.containsKey(vm)) {
            hypervisor.put(vm, io.o2pool.manager.model.VmState.STOPPED);
        }
        runningVms.remove(vm);
        fleet.releaseLease(vm, hostname);
    }

    @Override
    public synchronized VmDestination vmDestination() {
        enter(Op.VMS, "vm-endpoint");
        return new VmDestination(hostname, 0, "fake", "fake:///" + hostname, null);
    }

    @Override
    public void migrateVm(String vm, VmDestination to) {
        synchronized (this) {
            enter(Op.MIGRATE_VM, "migrate-vm " + vm + " " + to.node());
            if (hypervisor.get(vm) != io.o2pool.manager.model.VmState.RUNNING) {
                throw new AgentException(hostname, "VM " + vm + " does not run here", false);
            }
        }
        FakeAgent destination = fleet.byHostname(to.node());
        if (destination == null || !destination.stackRunning()) {
            throw new AgentException(hostname, "migration destination " + to.node() + " is not live", false);
        }
        fleet.handOver(vm, hostname, to.node());
        synchronized (this) {
            hypervisor.remove(vm);
            runningVms.remove(vm);
        }
        destination.arrive(vm);
    }

    private synchronized void arrive(String vm) {
        hypervisor.put(vm, io.o2pool.manager.model.VmState.RUNNING);
        runningVms.add(vm);
    }

    @Override
    public synchronized void undefineVm(String vm) {
        enter(Op.UNDEFINE_VM, "undefine-vm " + vm);
        if (hypervisor.get(vm) == io.o2pool.manager.model.VmState.RUNNING) {
            throw new AgentException(hostname, "VM " + vm + " runs here; stop it first", false);
        }
        hypervisor.remove(vm);
        fleet.undefine(vm);
    }

    /** What the hypervisor says of {@code vm} (null: not here). */
    public synchronized io.o2pool.manager.model.VmState vm(String vm) {
        return hypervisor.get(vm);
    }

    /** The host crashes: its stack stops heartbeating and its hypervisor's guests die with it; the agent is silent. */
    public synchronized void crash() {
        killed = true;
        stackRunning = false;
        hypervisor.clear();
        runningVms.clear();
    }

    /** This agent's view of node {@code hostname}'s heartbeat, as a lease taker sees it. */
    io.o2pool.agent.api.PeerLiveness liveness(String hostname) {
        FakeAgent other = fleet.byHostname(hostname);
        if (!stackRunning()) {
            return io.o2pool.agent.api.PeerLiveness.UNKNOWN;
        }
        return other != null && other.stackRunning() ? io.o2pool.agent.api.PeerLiveness.LIVE
                : io.o2pool.agent.api.PeerLiveness.DEAD;
    }

    /** Forgets the enrolment, as an agent of a manager from before enrolment existed (or after reset-enrolment). */
    public synchronized void forgetEnrolment() {
        enrolled = false;
    }

    /** Whether a manager enrolled with this agent. */
    public synchronized boolean enrolled() {
        return enrolled;
    }

    private boolean enrolled;

    @Override
    public synchronized void forgetPool(String poolId) {
        enter(Op.FORGET, "forget");
        if (stackRunning) {
            throw new AgentException(hostname, "the cluster stack of this node is running; take it offline before"
                    + " the node leaves pool " + poolId, false);
        }
        forgotten = true;
    }

    /** Whether the manager told this agent it left its pool. */
    public synchronized boolean forgotten() {
        return forgotten;
    }

    @Override
    public synchronized LiveConfig liveConfig() {
        enter(Op.MEMBERSHIP, "live-config");
        String disk = handEdited ? "edited-" + Integer.toHexString(liveText.hashCode()) : liveChecksum;
        return new LiveConfig(liveGeneration == 0 ? null : liveGeneration, liveChecksum, liveText, liveO2cbDefaults,
                disk, handEdited, liveProblems);
    }

    @Override
    public Membership membership() {
        String text;
        long generation;
        Set<String> hidden;
        synchronized (this) {
            enter(Op.MEMBERSHIP, "membership");
            text = liveText;
            generation = liveGeneration;
            hidden = Set.copyOf(unseen);
            if (fenced) {
                return new Membership(generation, StackStatus.FENCED, nodes(text).keySet(), Set.of());
            }
            if (!stackRunning) {
                return new Membership(generation, StackStatus.OFFLINE, Set.of(), Set.of());
            }
        }
        Set<Integer> live = new LinkedHashSet<>();
        for (var node : nodes(text).entrySet()) {
            FakeAgent other = fleet.byHostname(node.getValue());
            if (other != null && other.stackRunning() && !hidden.contains(node.getValue())) {
                live.add(node.getKey());
            }
        }
        return new Membership(generation, StackStatus.HEARTBEATING, nodes(text).keySet(), live, live);
    }

    @Override
    public List<FenceRecord> fenceRecords(String nodeName, int limit) {
        synchronized (this) {
            enter(Op.FENCE_RECORDS, "fence-records " + nodeName);
        }
        FakeAgent owner = fleet.byHostname(nodeName); // the shared repository holds every node's records
        List<FenceRecord> all = new ArrayList<>(owner == null ? List.of() : owner.writtenFenceRecords());
        synchronized (this) {
            assembledFenceRecords.stream().filter(r -> r.node().equals(nodeName)).forEach(all::add);
        }
        return all.stream().sorted(java.util.Comparator.comparing(FenceRecord::time).reversed()).limit(limit).toList();
    }

    /** Records a kill of this server's VM guard, as the guard writes it (while the agent may be dead). */
    public synchronized FakeAgent withGuardKill(io.o2pool.agent.api.GuardKill kill) {
        guardKills.add(kill);
        return this;
    }

    /** Not recorded as a call (it changes nothing); a dead agent does not answer. */
    @Override
    public synchronized List<io.o2pool.agent.api.GuardKill> guardKills(int limit) {
        if (killed || silent) {
            throw new AgentException(hostname, "connection refused (" + host + ")", true);
        }
        return guardKills.reversed().stream().limit(limit).toList();
    }

    /** From now on {@code GET /v1/health} answers {@code report} (null: the agent cannot report it). */
    public synchronized FakeAgent withHeartbeat(io.o2pool.agent.api.HeartbeatReport report) {
        heartbeat = report;
        return this;
    }

    /** The scripted heartbeat health; not recorded as a call (it changes nothing); a dead agent does not answer. */
    @Override
    public synchronized java.util.Optional<io.o2pool.agent.api.HeartbeatReport> heartbeat() {
        if (killed || silent) {
            throw new AgentException(hostname, "connection refused (" + host + ")", true);
        }
        return java.util.Optional.ofNullable(heartbeat);
    }

    synchronized List<FenceRecord> writtenFenceRecords() {
        return List.copyOf(fenceRecords);
    }

    private static final Pattern NODE = Pattern.compile("number = (\\d+)\\n[^:]*?name = (\\S+)");

    /** Node number to node name, from cluster.conf text as ClusterConfRenderer renders it. */
    static Map<Integer, String> nodes(String text) {
        Map<Integer, String> nodes = new HashMap<>();
        Matcher m = NODE.matcher(text);
        while (m.find()) {
            nodes.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return nodes;
    }
}
