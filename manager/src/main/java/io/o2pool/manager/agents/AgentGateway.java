package io.o2pool.manager.agents;

import java.util.List;

/**
 * The operations the manager's jobs need from one server's agent. Every change is idempotent on the agent side:
 * staging or committing a generation twice, aborting one that is not staged, or rolling back one that is not live is
 * a no-op, so a restarted job can replay its steps. Generations only increase: undoing a commit means staging and
 * committing a newer generation with the previous bytes. Calls throw {@link AgentException}.
 */
public interface AgentGateway {

    /** The server name this gateway talks to, for messages. */
    String server();

    /** Host facts, including the live config generation and running VMs. Changes nothing. */
    AgentFacts facts();

    /**
     * Every preflight finding for this server joining the pool: host-name mapping, node name and address, VMs, the
     * repository UUID against {@code repository.uuid()}, whether {@code self} is free to bind. Changes nothing.
     */
    List<Finding> preflight(PreflightRequest request);

    /**
     * Makes this server accept TCP on its cluster address {@code self} for {@code duration} (a temporary listener,
     * unless its running stack already serves it), so peers can probe it before its stack runs. Changes nothing else.
     */
    void listenForProbes(HostPort self, java.time.Duration duration);

    /**
     * Opens a TCP connection from this server's cluster address {@code from} to each target's ip_port, as o2net will
     * (one row of the connectivity matrix); one {@link Reach} per target, in order.
     */
    List<Reach> probe(HostPort from, List<HostPort> targets);

    /** Writes {@code bundle} next to the live config without activating it. */
    void stage(ConfigBundle bundle);

    /** Makes the staged {@code generation} live (atomic rename) and tells a running stack about new or removed nodes. */
    /**
     * Makes the staged {@code generation} live; returns what the running stack did with it, for people (e.g.
     * "NODES_ADDED: ... (removed node node2 (num 2))", "DEFERRED: ..."), or null when the stack was not told.
     */
    String commit(long generation);

    /** Discards a staged {@code generation}; the live config is untouched. */
    void abort(long generation);

    /** Starts the cluster stack (register the cluster, start heartbeating). */
    void startStack();

    /** Stops the cluster stack cleanly. */
    void stopStack();

    /** Switches a local-mode OCFS2 repository to cluster mode with {@code maxNodes} slots (tunefs -M cluster -N). */
    void convertRepositoryToCluster(RepositorySpec repository, int maxNodes);

    /** Reads the repository's UUID and mode without attaching or mounting it. Changes nothing. */
    RepositoryInspection inspectRepository(RepositorySpec repository);

    /**
     * Raises the cluster volume's node slots to {@code slots} ({@code tunefs.ocfs2 -N}); the volume must be unmounted
     * on every node and this server's stack online.
     */
    void growSlots(RepositorySpec repository, int slots);

    /** Mounts the repository (idempotent) and reports what is mounted. */
    RepositoryStatus attachRepository(RepositorySpec repository);

    /** Unmounts the repository (idempotent). */
    void detachRepository(RepositorySpec repository);

    /**
     * Shows ({@code apply} false) or writes the fix of the server's hosts file that maps {@code nodeName} to
     * {@code address}; writing needs the {@code expectedSha256} the dry run answered (the file must not have changed).
     */
    HostsFixResult fixHosts(String nodeName, String address, String expectedSha256, boolean apply);

    /** Tells the server it left pool {@code poolId} (its stack must be stopped); idempotent. */
    void forgetPool(String poolId);

    /**
     * Enrols this manager with the agent (its password and the manager's client certificate): from then on the agent
     * accepts only that certificate. Idempotent for this manager; returns the fingerprint the agent recorded.
     */
    String enrol();

    /** The live configuration files as on disk now, with the committed generation (for drift detection). */
    LiveConfig liveConfig();

    /** The node numbers this server's stack sees live now. */
    Membership membership();

    /**
     * The fence records of node {@code nodeName} this agent can read, newest first, at most {@code limit}: its own
     * node's, or a peer's from the shared repository (so a survivor can report a node that rebooted). None when the
     * stack keeps no records (the kernel stack) or the agent cannot report them. Changes nothing.
     */
    default List<FenceRecord> fenceRecords(String nodeName, int limit) {
        return List.of();
    }

    /**
     * What this server's VM guard killed ({@code GET /v1/vm-guard/kills}), newest first, at most {@code limit}: guests
     * SIGKILLed because the node's own heartbeat stood still, often while the agent was dead. Changes nothing.
     */
    List<io.o2pool.agent.api.GuardKill> guardKills(int limit);

    /** Every VM this server's hypervisor knows (defined or running), with its state. Changes nothing. */
    List<VmReport> vms();

    /**
     * Writes {@code vm}'s definition to the pool's repository (any member can then start it) and defines it on this
     * server's hypervisor; idempotent.
     */
    void defineVm(io.o2pool.manager.model.Vm vm);

    /**
     * Starts the VM here after taking its ownership lease (refused while another server holds it and the disk heartbeat
     * does not say that server is dead); idempotent when it runs here already.
     */
    void startVm(String vm);

    /** Shuts the VM down, forces it off after {@code timeout}, releases its lease; idempotent. */
    void stopVm(String vm, java.time.Duration timeout);

    /** Forces the VM off at once and releases its lease; idempotent. */
    void destroyVm(String vm);

    /** Where a VM live-migrating to this server goes. Changes nothing. */
    VmDestination vmDestination();

    /** Live-migrates the running VM from this server to {@code to}, handing its lease over. */
    void migrateVm(String vm, VmDestination to);

    /** Removes the VM's definition here and from the repository (it must not run); idempotent. */
    void undefineVm(String vm);

    /**
     * The heartbeat health of this server's node ({@code GET /v1/health}): its writes, its peers, warnings before a
     * fence. Empty when the agent cannot report it. Changes nothing.
     */
    default java.util.Optional<io.o2pool.agent.api.HeartbeatReport> heartbeat() {
        return java.util.Optional.empty();
    }

    /** What a preflight is asked to verify about the joining server. */
    record PreflightRequest(String clusterName, HostPort self, RepositorySpec repository, boolean expectNoVms,
                            boolean loopbackPool) {
    }
}
