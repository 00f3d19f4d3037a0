package io.o2pool.manager.change;

import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.ConfigBundles;
import io.o2pool.manager.planner.NodeSpec;
import io.o2pool.manager.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * A pool as the manager's store knows it when a change is planned: the pool, its members (the servers holding a node
 * number) and the generation the next change would reserve. The one place that turns members into the pool's
 * cluster spec and its files.
 */
public record PoolState(Pool pool, List<Server> members, long nextGeneration) {
    public PoolState {
        members = List.copyOf(members);
    }

    /** Reads the pool {@code poolId} from the store; the servers in {@code excluded} (e.g. newcomers) are no members. */
    public static PoolState load(Store store, long poolId, java.util.Set<Long> excluded) {
        Pool pool = store.pools().find(poolId)
                .orElseThrow(() -> new IllegalStateException("pool " + poolId + " no longer exists"));
        List<Server> members = store.servers().listByPool(poolId).stream()
                .filter(s -> s.nodeNumber() != null && !excluded.contains(s.id())).toList();
        return new PoolState(pool, members, store.pools().nextGeneration(poolId));
    }

    /** The cluster the members run at the pool's generation. */
    public ClusterSpec spec() {
        return spec(pool, members);
    }

    /** The cluster of {@code pool} with {@code members} as its nodes. */
    public static ClusterSpec spec(Pool pool, List<Server> members) {
        return new ClusterSpec(pool.clusterName(), pool.ipPort(), pool.heartbeatMode(), members.stream()
                .map(PoolState::node).toList());
    }

    public static NodeSpec node(Server s) {
        return new NodeSpec(s.name(), s.nodeNumber(), s.nodeName(), s.ipAddress());
    }

    /** The files the members run now, or null when the pool has none. */
    public ConfigBundle currentFiles() {
        return members.isEmpty() ? null : ConfigBundles.bundle(pool, spec(), pool.generation());
    }

    /** The files of {@code spec} with {@code timeouts} as generation {@code generation}. */
    public ConfigBundle files(ClusterSpec spec, O2cbTimeouts timeouts, long generation) {
        return ConfigBundles.bundle(pool.withTimeouts(timeouts), spec, generation);
    }

    public RepositorySpec repository() {
        return new RepositorySpec(pool.repositoryType(), pool.repositoryPath(), pool.repositoryUuid());
    }

    public Optional<Server> member(String name) {
        return members.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The members a change acts on: every member except those the disk heartbeat declared dead (DEAD, FENCED) and
     * those in MAINTENANCE. Their nodes stay in the cluster spec; they catch up (re-sync) before their stacks start
     * again. A member whose agent does not answer while it may still write (UNREACHABLE) is a participant, so a change
     * needing it is refused.
     */
    public List<Server> participants() {
        return members.stream().filter(s -> !isAbsent(s)).toList();
    }

    /** The members a change skips (DEAD, FENCED, MAINTENANCE), recorded on the plan. */
    public List<Server> absent() {
        return members.stream().filter(PoolState::isAbsent).toList();
    }

    private static boolean isAbsent(Server s) {
        return s.status().isDead() || s.status() == io.o2pool.manager.model.ServerStatus.MAINTENANCE;
    }

    public List<String> participantNames() {
        return participants().stream().map(Server::name).toList();
    }

    /** A note naming the members a change skips, or none. */
    public List<String> skippedNotes() {
        return absent().isEmpty() ? List.of() : List.of("skipped (" + absent().stream().map(s -> s.name() + " "
                + s.status()).collect(java.util.stream.Collectors.joining(", ")) + "): their nodes stay in the"
                + " cluster configuration; each is re-synced to the pool's generation before its stack starts again");
    }
}
