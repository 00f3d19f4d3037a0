package io.o2pool.manager.agents;

/**
 * One cluster configuration generation as the manager stages it on every node: the exact cluster.conf and o2cb
 * defaults file bytes (as text) for the pool. Every member receives the identical bundle.
 *
 * @param generation the generation number; strictly increasing per pool (agents refuse older ones)
 * @param poolId the pool's id as agents record it
 * @param clusterConf the full cluster.conf text, byte-identical on every node
 * @param o2cbDefaults the full /etc/default/o2cb text
 * @param checksum the agent protocol's checksum of pool id, cluster.conf and o2cb defaults
 */
public record ConfigBundle(long generation, String poolId, String clusterConf, String o2cbDefaults, String checksum) {
}
