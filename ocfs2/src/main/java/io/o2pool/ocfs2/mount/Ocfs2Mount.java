package io.o2pool.ocfs2.mount;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCFS2 file system in the mount table, with what the seed's verification reads from it: the heartbeat mode and,
 * for an Oracle VM repository, the volume UUID from its mount point {@code /var/ovs/mount/<UUID>}.
 *
 * @param entry     the mount table entry (type {@code ocfs2})
 * @param heartbeat the {@code heartbeat=} option
 */
public record Ocfs2Mount(MountEntry entry, MountHeartbeat heartbeat) {
    /** Where Oracle VM 2.x mounts repositories: one directory per volume, named by its UUID. */
    public static final String OVS_MOUNT_DIR = "/var/ovs/mount/";

    private static final Pattern OVS_UUID = Pattern.compile(Pattern.quote(OVS_MOUNT_DIR) + "([0-9A-Fa-f]{32})/?");

    /**
     * The OCFS2 view of {@code entry}.
     *
     * @throws MountTableException if the entry's {@code heartbeat=} value is not one the kernel shows
     */
    static Ocfs2Mount of(String source, MountEntry entry) throws MountTableException {
        Optional<String> hb = entry.option("heartbeat");
        if (hb.isEmpty()) {
            return new Ocfs2Mount(entry, MountHeartbeat.NOT_SHOWN);
        }
        MountHeartbeat mode = MountHeartbeat.fromOption(hb.get());
        if (mode == null) {
            throw new MountTableException(source, entry.line(), "unknown heartbeat mode '" + hb.get() + "' for "
                    + entry.mountPoint() + " (expected heartbeat=local, global or none)");
        }
        return new Ocfs2Mount(entry, mode);
    }

    /** The mounted device. */
    public String device() {
        return entry.device();
    }

    /** The mount point. */
    public String mountPoint() {
        return entry.mountPoint();
    }

    /** Whether this volume is mounted in cluster mode ({@code heartbeat=local} or {@code global}). */
    public boolean clusterMode() {
        return heartbeat == MountHeartbeat.LOCAL || heartbeat == MountHeartbeat.GLOBAL;
    }

    /**
     * The volume UUID (32 upper-case hex digits) when mounted as an Oracle VM repository under
     * {@code /var/ovs/mount/<UUID>}; empty for other mount points.
     */
    public Optional<String> repositoryUuid() {
        Matcher m = OVS_UUID.matcher(entry.mountPoint());
        return m.matches() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    /** The user-space stack from {@code cluster_stack=}, if the kernel shows one. */
    public Optional<String> clusterStack() {
        return entry.option("cluster_stack");
    }
}
