package io.o2pool.manager.addserver;

import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.HostPort;
import io.o2pool.manager.agents.RepositoryInspection;
import io.o2pool.manager.agents.VolumeMode;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every Add Server check at once and changes nothing: each newcomer's facts and agent preflight (host-name mapping,
 * VMs, repository UUID equal to the pool's), unique node names and addresses, every member reachable and on the pool's
 * generation (no drift), and the two-way TCP connectivity matrix on ip_port ({@link ConnectivityMatrix}).
 */
final class AddServerPreflight {

    /** What the preflight learned about one newcomer, needed by later steps. */
    record Identity(long serverId, String nodeName, String ipAddress, String fingerprint) {
    }

    /**
     * All findings, the identities of newcomers whose agents answered, their facts, and the mode ({@code local} or
     * {@code cluster}) each newcomer's repository has (from its superblock, or its mount).
     */
    record Result(List<Finding> findings, Map<Long, Identity> identities, Map<Long, AgentFacts> facts,
                  Map<Long, VolumeMode> repositoryModes, Map<String, AgentFacts> memberFacts,
                  List<ConnectivityMatrix.Link> matrix, Integer volumeSlots) {
        List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }
    }

    /**
     * How long a member without a running stack keeps its probe listener open: just long enough for the probes,
     * because the listener holds ip_port and the member's stack may start (and bind it) later in the same job.
     */
    static final java.time.Duration PROBE_WINDOW = java.time.Duration.ofSeconds(3);

    private final PoolAgents agents;

    AddServerPreflight(PoolAgents agents) {
        this.agents = agents;
    }

    Result run(PoolState state, List<Server> newcomerList) throws InterruptedException {
        Situation situation = new Situation(state, newcomerList);
        List<Finding> findings = new ArrayList<>();
        Map<Long, Identity> identities = new HashMap<>();
        Map<Long, AgentFacts> newcomerFacts = new HashMap<>();
        Map<Long, VolumeMode> repositoryModes = new HashMap<>();
        Map<String, AgentFacts> memberFactsByName = new HashMap<>();
        Integer volumeSlots = null;
        var pool = situation.pool();
        String expectedChecksum = situation.creatingCluster() ? null : state.currentFiles().checksum();

        // Members' facts and newcomers' own checks are independent: both fan-outs run at once.
        List<AgentGateway> members = agents.connect(situation.members());
        List<AgentGateway> newcomers = agents.connect(situation.newcomers());
        Map<AgentGateway, Server> serverOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < newcomers.size(); i++) {
            serverOf.put(newcomers.get(i), situation.newcomers().get(i));
        }
        var pendingLooks = new java.util.concurrent.FutureTask<>(
                () -> FanOut.all(newcomers, a -> look(a, serverOf.get(a), situation)));
        Thread.ofVirtual().name("preflight-newcomers").start(pendingLooks);
        List<FanOut.Outcome<AgentFacts>> memberFacts;
        List<FanOut.Outcome<Look>> looks;
        try {
            memberFacts = FanOut.all(members, AgentGateway::facts);
            looks = awaitLooks(pendingLooks);
        } finally {
            pendingLooks.cancel(true); // a no-op once done; stops the newcomers' calls if this job is interrupted
        }

        // Members: reachable, and running exactly the pool's committed generation.
        Set<String> takenNames = new HashSet<>();
        Set<String> takenAddresses = new HashSet<>();
        state.members().forEach(m -> { // absent members keep their names and addresses
            takenNames.add(m.nodeName());
            takenAddresses.add(m.ipAddress());
        });
        for (int i = 0; i < members.size(); i++) {
            Server m = situation.members().get(i);
            var outcome = memberFacts.get(i);
            if (!outcome.ok()) {
                findings.add(Finding.error("member.unreachable", m.name(), "agent not reachable: " + outcome.message(),
                        "bring the agent of " + m.name() + " back (every member must receive the new configuration)"));
                continue;
            }
            AgentFacts f = outcome.value();
            memberFactsByName.put(m.name(), f);
            if (f.liveGeneration() != pool.generation() || !java.util.Objects.equals(f.liveChecksum(), expectedChecksum)) {
                findings.add(Finding.error("member.drift", m.name(), "runs config generation " + f.liveGeneration()
                                + " (checksum " + f.liveChecksum() + ") but the pool is at generation "
                                + pool.generation() + " (checksum " + expectedChecksum + ")",
                        "re-sync " + m.name() + " to the pool's configuration before adding servers"));
            } else if (f.configDrift()) {
                findings.add(Finding.error("member.drift", m.name(), "its live cluster.conf or o2cb defaults were"
                                + " edited by hand since generation " + f.liveGeneration() + " was committed",
                        "re-sync pool " + pool.name() + " (see GET /api/pools/" + pool.id() + "/drift for the diff)"
                                + " before adding servers"));
            }
        }

        // Newcomers: each one's facts, repository and agent preflight; then the clashes between them.
        for (int i = 0; i < newcomers.size(); i++) {
            Server s = situation.newcomers().get(i);
            if (!looks.get(i).ok()) {
                findings.add(Finding.error("agent.preflight", s.name(), looks.get(i).message(),
                        "check the agent's log"));
                continue;
            }
            Look look = looks.get(i).value();
            findings.addAll(look.findings());
            AgentFacts f = look.facts();
            if (f == null) {
                continue;
            }
            newcomerFacts.put(s.id(), f);
            if (look.ip() == null) {
                continue;
            }
            if (!takenNames.add(f.hostname())) {
                findings.add(Finding.error("node.name", s.name(), "node name " + f.hostname()
                        + " is already used by another node of pool " + pool.name(), "give each server a unique host name"));
            }
            if (!takenAddresses.add(look.ip())) {
                findings.add(Finding.error("node.address", s.name(), "address " + look.ip() + ":" + pool.ipPort()
                        + " is already used by another node", "each node needs its own cluster address"));
            }
            if (look.seen() != null && look.seen().slots() != null && volumeSlots == null) {
                volumeSlots = look.seen().slots();
            }
            if (look.mode() != null) {
                repositoryModes.put(s.id(), look.mode());
            }
            identities.put(s.id(), new Identity(s.id(), f.hostname(), look.ip(), f.fingerprint()));
        }

        // The two-way connectivity matrix on ip_port: member <-> newcomer, newcomer <-> newcomer.
        List<ConnectivityMatrix.Node> nodes = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Server m = situation.members().get(i);
            if (memberFacts.get(i).ok()) {
                nodes.add(new ConnectivityMatrix.Node(m.name(), new HostPort(m.name(), m.ipAddress(), pool.ipPort()),
                        members.get(i), true));
            }
        }
        for (int i = 0; i < newcomers.size(); i++) {
            Server n = situation.newcomers().get(i);
            Identity id = identities.get(n.id());
            if (id != null) {
                nodes.add(new ConnectivityMatrix.Node(n.name(), new HostPort(n.name(), id.ipAddress(), pool.ipPort()),
                        newcomers.get(i), false));
            }
        }
        ConnectivityMatrix.Result matrix = ConnectivityMatrix.check(nodes, PROBE_WINDOW);
        findings.addAll(matrix.findings());
        return new Result(findings, identities, newcomerFacts, repositoryModes, memberFactsByName, matrix.links(),
                volumeSlots);
    }

    private static List<FanOut.Outcome<Look>> awaitLooks(
            java.util.concurrent.FutureTask<List<FanOut.Outcome<Look>>> looks) throws InterruptedException {
        try {
            return looks.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("newcomers' preflight failed: " + e.getCause(), e.getCause());
        }
    }

    /** What one newcomer's agent says: its facts (null: unreachable), address, repository, mode and findings. */
    private record Look(AgentFacts facts, String ip, RepositoryInspection seen, VolumeMode mode,
                        List<Finding> findings) {
    }

    /**
     * One newcomer's own checks, independent of the others (run in parallel): facts, the address it will use, the
     * pool's repository as it sees it (UUID, mode, slots), VMs on a local volume, and its agent's preflight.
     */
    private static Look look(AgentGateway agent, Server s, Situation situation) {
        var pool = situation.pool();
        List<Finding> findings = new ArrayList<>();
        AgentFacts f;
        try {
            f = agent.facts();
        } catch (AgentException e) {
            findings.add(Finding.error("agent.unreachable", s.name(), e.getMessage(),
                    "check the host, agent port " + s.agentPort() + " and agent password"));
            return new Look(null, null, null, null, findings);
        }
        String ip = s.ipAddress() != null ? s.ipAddress() : resolve(s.host());
        if (ip == null) {
            findings.add(Finding.error("host.unresolved", s.name(), "host " + s.host() + " does not resolve",
                    "enter the server's IP address or a name DNS or /etc/hosts resolves"));
            return new Look(f, null, null, null, findings);
        }
        RepositoryInspection seen = inspect(agent, situation, s, findings);
        VolumeMode mode = seen != null && seen.volumeMode() != null ? seen.volumeMode() : f.repositoryMode();
        String expected = pool.repositoryUuid();
        if (expected != null && seen != null && seen.uuid() != null
                && !io.o2pool.manager.model.Pool.sameUuid(expected, seen.uuid())) {
            findings.add(Finding.error("repository.uuid", s.name(), "sees repository UUID " + seen.uuid()
                            + " at " + pool.repositoryPath() + " but pool " + pool.name() + " uses " + expected,
                    "attach the pool's shared disk " + pool.repositoryPath() + " to " + s.name()));
        } else if (expected != null && f.repositoryUuid() != null
                && !io.o2pool.manager.model.Pool.sameUuid(expected, f.repositoryUuid())) {
            findings.add(Finding.error("repository.uuid", s.name(), "has another repository attached (UUID "
                            + f.repositoryUuid() + "); pool " + pool.name() + " uses " + expected,
                    "detach it from " + s.name() + ": a server serves the repository of one pool"));
        }
        boolean localMode = mode == VolumeMode.LOCAL;
        if (situation.creatingCluster() && localMode && !f.runningVms().isEmpty()) {
            findings.add(Finding.error("vms.running", s.name(), f.runningVms().size()
                            + " VMs run (" + String.join(", ", f.runningVms()) + ") on a local-mode repository",
                    "stop every VM on " + s.name() + "; the repository can switch to cluster mode only without VMs"));
        }
        HostPort self = new HostPort(s.name(), ip, pool.ipPort());
        try {
            List<String> addresses = new ArrayList<>(List.of(ip));
            situation.members().forEach(m -> addresses.add(m.ipAddress()));
            boolean loopbackPool = pool.isLoopbackLocal(addresses);
            findings.addAll(agent.preflight(new AgentGateway.PreflightRequest(pool.clusterName(), self,
                    situation.repository(), situation.creatingCluster() && localMode, loopbackPool)));
        } catch (AgentException e) {
            findings.add(Finding.error("agent.preflight", s.name(), e.getMessage(), "check the agent's log"));
        }
        return new Look(f, ip, seen, mode, findings);
    }

    /**
     * The pool's repository as the newcomer sees it before any change (a different disk is refused here, not after
     * the commit); null, with an error finding, when the newcomer cannot read it.
     */
    private static RepositoryInspection inspect(AgentGateway agent, Situation situation, Server s,
            List<Finding> findings) {
        try {
            return agent.inspectRepository(situation.repository());
        } catch (AgentException e) {
            String path = situation.pool().repositoryPath();
            findings.add(Finding.error("repository.unreadable", s.name(), "cannot read the pool's repository " + path
                    + ": " + e.getMessage(), "make " + path + " (the shared "
                    + (situation.pool().repositoryType() == RepositoryType.OCFS2 ? "disk" : "folder") + ") visible on "
                    + s.name()));
            return null;
        }
    }

    /** The pool and the servers being added to it. */
    private record Situation(PoolState state, List<Server> newcomers) {
        io.o2pool.manager.model.Pool pool() {
            return state.pool();
        }

        /** The members that take part: absent ones (DEAD, FENCED, MAINTENANCE) are neither asked nor probed. */
        List<Server> members() {
            return state.participants();
        }

        boolean creatingCluster() {
            return state.members().isEmpty();
        }

        io.o2pool.manager.agents.RepositorySpec repository() {
            return state.repository();
        }
    }

    /** The cluster address for a host: the literal itself, or what the name resolves to. */
    static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
