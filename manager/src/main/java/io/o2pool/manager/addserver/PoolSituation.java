package io.o2pool.manager.addserver;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.NodeSpec;
import io.o2pool.manager.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A job's view of its pool, read fresh from the store at each step: the pool, the existing members (servers holding a
 * node number that the job is not adding) and the servers being added.
 */
record PoolSituation(Pool pool, List<Server> members, List<Server> newcomers) {

    static PoolSituation load(Store store, long poolId, Set<Long> newcomerIds) {
        Pool pool = store.pools().find(poolId)
                .orElseThrow(() -> new IllegalStateException("pool " + poolId + " no longer exists"));
        List<Server> all = store.servers().listByPool(poolId);
        List<Server> members = all.stream()
                .filter(s -> !newcomerIds.contains(s.id()) && s.nodeNumber() != null).toList();
        List<Server> newcomers = all.stream().filter(s -> newcomerIds.contains(s.id())).toList();
        return new PoolSituation(pool, members, newcomers);
    }

    /** Whether the pool had no node before this job: the first newcomer creates the cluster. */
    boolean creatingCluster() {
        return members.isEmpty();
    }

    RepositorySpec repository() {
        return new RepositorySpec(pool.repositoryType(), pool.repositoryPath(), pool.repositoryUuid());
    }

    /** The cluster the members run now (generation {@code pool.generation()}). */
    ClusterSpec currentSpec() {
        List<NodeSpec> nodes = members.stream()
                .map(s -> new NodeSpec(s.name(), s.nodeNumber(), s.nodeName(), s.ipAddress())).toList();
        return new ClusterSpec(pool.clusterName(), pool.ipPort(), pool.heartbeatMode(), nodes);
    }

    static AgentGateway connect(AgentConnector connector, Server s) {
        return connector.connect(s.name(),
                new AgentEndpoint(s.host(), s.agentPort(), s.agentPassword(), s.agentFingerprint()));
    }

    List<AgentGateway> memberGateways(AgentConnector connector) {
        return members.stream().map(s -> connect(connector, s)).toList();
    }

    List<AgentGateway> newcomerGateways(AgentConnector connector) {
        return newcomers.stream().map(s -> connect(connector, s)).toList();
    }

    /** Members first, then newcomers: every server that receives the new generation. */
    List<AgentGateway> allGateways(AgentConnector connector) {
        List<AgentGateway> all = new ArrayList<>(memberGateways(connector));
        all.addAll(newcomerGateways(connector));
        return all;
    }
}
