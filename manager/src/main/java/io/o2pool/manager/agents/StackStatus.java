package io.o2pool.manager.agents;

/**
 * The state of one server's cluster stack as the manager reads it from the agent, deciding what its membership view
 * can prove. Switch exhaustively: a new state must decide whether it proves liveness.
 */
public enum StackStatus {
    /** No cluster registered: the node takes no part; callers treat every node as not seen by it. */
    OFFLINE,
    /**
     * The cluster is registered but the node heartbeats on no region (e.g. nothing mounted in local heartbeat mode),
     * so its view lists the configured nodes without liveness; callers may only check that the nodes are configured.
     */
    ONLINE,
    /** The node heartbeats; its view's live nodes are proof of liveness and callers require them. */
    HEARTBEATING,
    /** The node fenced itself; callers treat it as out of the cluster until an operator restarts its stack. */
    FENCED
}
