package io.o2pool.manager.agents;

/**
 * The pool's repository as a server sees it before anything is attached or mounted: the UUID in its superblock (or
 * id file) and, for OCFS2, the mode the superblock records.
 *
 * @param uuid the repository's UUID, or null when the server cannot read one
 * @param volumeMode the OCFS2 volume's mode; null for a directory or when unknown
 * @param mountPoint where it is mounted on the server now, or null
 * @param slots the OCFS2 volume's node slot count (each node that mounts it needs one); null for a directory
 */
public record RepositoryInspection(String uuid, VolumeMode volumeMode, String mountPoint, Integer slots) {
    /** An inspection that tells no slot count. */
    public RepositoryInspection(String uuid, VolumeMode volumeMode, String mountPoint) {
        this(uuid, volumeMode, mountPoint, null);
    }
}
