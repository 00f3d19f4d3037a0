package io.o2pool.agent.api;

/**
 * A repository as the agent sees it: its UUID (from the {@code .o2pool-repository} id file or the OCFS2 superblock),
 * {@code type} ({@code directory} or {@code ocfs2}), the path or device, and where it is mounted.
 *
 * @param mountPoint where it is mounted, or where attach mounts it; the path itself for a directory; null when not known
 * @param mode       the volume's mode: {@code LOCAL} or {@code CLUSTER} for OCFS2 (from the superblock, mounted or not),
 *                   {@code NOT_OCFS2} for a directory
 * @param mount      whether and how the kernel has it mounted now ({@code UNMOUNTED}, {@code HEARTBEAT_NONE},
 *                   {@code HEARTBEAT_LOCAL}, ...; {@code NOT_A_MOUNT} for a directory)
 * @param slots      the OCFS2 superblock's node slot count ({@code s_max_slots}); null for a directory
 * @param note       for people: what a call did when that is not plain (e.g. detaching a repository that was not
 *                   attached, converting one already in cluster mode); null when there is nothing to say
 */
public record RepositoryInfo(String uuid, String type, String source, String mountPoint, RepositoryMode mode,
        RepositoryMount mount, Integer slots, String note) {

    /** A directory repository at {@code path} (its own mount point), with the UUID of its id file. */
    public static RepositoryInfo directory(String uuid, String path) {
        return new RepositoryInfo(uuid, "directory", path, path, RepositoryMode.NOT_OCFS2, RepositoryMount.NOT_A_MOUNT,
                null, null);
    }

    /** This one with {@code text} as its note. */
    public RepositoryInfo withNote(String text) {
        return new RepositoryInfo(uuid, type, source, mountPoint, mode, mount, slots, text);
    }
}
