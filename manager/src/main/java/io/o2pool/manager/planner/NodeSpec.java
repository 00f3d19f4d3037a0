package io.o2pool.manager.planner;

/**
 * One node of a desired cluster.
 *
 * @param server the manager's server name (for messages and plans)
 * @param number the O2CB node number, 0–254
 * @param nodeName the node's name in cluster.conf (the server's host name)
 * @param ipAddress the cluster address
 */
public record NodeSpec(String server, int number, String nodeName, String ipAddress) {
}
