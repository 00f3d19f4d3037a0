package io.o2pool.agent.api;

/**
 * A repository as the agent sees it: its UUID (from the {@code .o2pool-repository} id file or the OCFS2 superblock),
 * {@code type} ({@code directory} or {@code ocfs2}), the path or device, and where it is mounted.
 *
 * <p>{@code mountMode} is what the call is about. From attach, detach and the list it is how the kernel mounted it:
 * {@code heartbeat=local}, {@code heartbeat=none} (an OCFS2 local-mode mount), {@code unmounted}, or {@code none} for a
 * directory. From {@code POST /v1/repository/inspect} of an OCFS2 device it is the superblock's mount mode,
 * {@code local} (made by {@code mkfs.ocfs2 -M local}) or {@code cluster}, mounted or not; {@code mounted} then tells
 * how the kernel has it mounted now. From convert-to-cluster it is {@code cluster, N slots}.
 *
 * @param slots   the OCFS2 superblock's node slot count ({@code s_max_slots}); null for a directory
 * @param mounted how the kernel has the device mounted now ({@code heartbeat=local}, {@code heartbeat=none},
 *                {@code unmounted}); {@code none} for a directory; null where {@code mountMode} already says it
 * @param note    what a call did when that is not plain (e.g. detaching a repository that was not attached)
 */
public record RepositoryInfo(String uuid, String type, String source, String mountPoint, String mountMode,
        Integer slots, String mounted, String note) {

    /** Without slots, mount state or note (a directory, or an old {@code repositories.json} entry). */
    public RepositoryInfo(String uuid, String type, String source, String mountPoint, String mountMode) {
        this(uuid, type, source, mountPoint, mountMode, null, null, null);
    }

    /** This one with {@code note}. */
    public RepositoryInfo withNote(String text) {
        return new RepositoryInfo(uuid, type, source, mountPoint, mountMode, slots, mounted, text);
    }
}
