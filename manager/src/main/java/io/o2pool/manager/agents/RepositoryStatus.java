package io.o2pool.manager.agents;

/**
 * The repository as an agent attached it.
 *
 * @param uuid the filesystem UUID read from the device
 * @param mountPoint where it is mounted ({@code /var/ovs/mount/<UUID>} in the seed)
 * @param mountOptions the options the mount table shows, e.g. {@code rw,_netdev,heartbeat=local}
 * @param clusterMode whether the filesystem is in cluster mode (not local, single-node mode)
 */
public record RepositoryStatus(String uuid, String mountPoint, String mountOptions, boolean clusterMode) {
}
