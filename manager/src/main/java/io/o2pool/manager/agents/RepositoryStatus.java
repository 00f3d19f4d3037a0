package io.o2pool.manager.agents;

/**
 * The repository as an agent attached it.
 *
 * @param uuid the filesystem UUID read from the device (or the directory's id file)
 * @param mountPoint where it is mounted ({@code /var/ovs/mount/<UUID>} in the seed)
 * @param mode the OCFS2 volume's mode from its superblock; null for a directory
 * @param mount how the kernel has it mounted now ({@link RepositoryMount#NOT_A_MOUNT} for a directory)
 */
public record RepositoryStatus(String uuid, String mountPoint, VolumeMode mode, RepositoryMount mount) {

    /**
     * Whether the repository is usable by a cluster: a directory, or an OCFS2 volume mounted in o2cb cluster mode
     * ({@code heartbeat=local} or {@code global}).
     */
    public boolean clusterMode() {
        return switch (mount) {
            case HEARTBEAT_LOCAL, HEARTBEAT_GLOBAL, NOT_A_MOUNT -> true;
            case HEARTBEAT_NONE, OTHER_STACK, UNMOUNTED -> false;
        };
    }

    /** The mount's {@code heartbeat=} option as the mount table shows it (e.g. {@code heartbeat=local}), for messages. */
    public String mountOptions() {
        return mount.option().isEmpty() ? mount.name().toLowerCase(java.util.Locale.ROOT) : mount.option();
    }
}
