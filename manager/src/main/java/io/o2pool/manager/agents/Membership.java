package io.o2pool.manager.agents;

import java.util.Set;

/**
 * One agent's view of the cluster: the config generation its stack runs and the node numbers it sees live (by disk and
 * network heartbeat).
 */
public record Membership(long generation, Set<Integer> liveNodes) {
}
