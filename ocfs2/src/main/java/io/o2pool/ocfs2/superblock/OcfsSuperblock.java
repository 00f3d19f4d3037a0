package io.o2pool.ocfs2.superblock;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What o2pool needs from an OCFS2 superblock: geometry, slots, identity (label, UUID), whether the volume is local
 * or clustered and which cluster stack and cluster it expects. Immutable; produced by {@link SuperblockReader}.
 *
 * @param blockSize       bytes per block, 512–4096 ({@code 1 << s_blocksize_bits})
 * @param clusterSize     bytes per cluster, 4 KiB–1 MiB ({@code 1 << s_clustersize_bits})
 * @param maxSlots        node slots ({@code s_max_slots}): how many nodes may mount the volume at once
 * @param label           volume label, empty when none
 * @param uuid            volume UUID ({@code s_uuid}, its 16 bytes in order)
 * @param mode            local or cluster, from the {@code LOCAL_MOUNT} bit
 * @param stack           the cluster stack the volume expects
 * @param stackName       {@code ci_stack} as stored when the cluster info is valid ({@code o2cb}, {@code pcmk}), else
 *                        empty
 * @param clusterName     {@code ci_cluster} when the cluster info is valid, else empty
 * @param globalHeartbeat cluster info valid and {@code ci_stackflags} has the o2cb global-heartbeat bit
 * @param stackFlags      raw {@code ci_stackflags} (0 when the cluster info is not valid)
 * @param compatFlags     raw {@code s_feature_compat}
 * @param incompatFlags   raw {@code s_feature_incompat}
 * @param roCompatFlags   raw {@code s_feature_ro_compat}
 */
public record OcfsSuperblock(int blockSize, int clusterSize, int maxSlots, String label, UUID uuid, VolumeMode mode,
                             ClusterStack stack, String stackName, String clusterName, boolean globalHeartbeat,
                             int stackFlags, int compatFlags, int incompatFlags, int roCompatFlags) {

    /** The on-disk signature at the start of the superblock block ({@code OCFS2_SUPER_BLOCK_SIGNATURE}). */
    public static final String SIGNATURE = "OCFSV2";
    /** The filesystem block that holds the superblock, whatever the block size. */
    public static final int SUPERBLOCK_BLOCK = 2;
    /** The most node slots a volume can have. */
    public static final int MAX_SLOTS = 255;

    public OcfsSuperblock {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(clusterName, "clusterName");
    }

    /**
     * The UUID as the tools print it and as o2hb names the heartbeat region: 32 upper-case hex digits
     * ({@code A53BAF6548A344568D709BB62B2EC7B4}); also the directory under {@code /var/ovs/mount/}.
     */
    public String uuidHex() {
        return uuidDashed().replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** The UUID in the 8-4-4-4-12 form {@code blkid} prints (lower case). */
    public String uuidDashed() {
        return uuid.toString();
    }

    /** Whether the superblock's cluster info (stack, flags, cluster name) is valid. */
    public boolean hasClusterInfo() {
        return FeatureFlag.CLUSTERINFO.in(incompatFlags) || FeatureFlag.USERSPACE_STACK.in(incompatFlags);
    }

    /**
     * The {@code heartbeat=} value the kernel shows for this volume when mounted: {@code none} for local volumes,
     * {@code global} or {@code local} for o2cb ones (a classic volume records no flag: {@code local} here, though a
     * cluster running global heartbeat mounts it {@code global}); empty for user-space stacks, which show
     * {@code cluster_stack=} instead.
     */
    public String mountHeartbeat() {
        return switch (stack) {
            case NONE -> "none";
            case CLASSIC_O2CB, O2CB -> globalHeartbeat ? "global" : "local";
            case PCMK, CMAN, OTHER -> "";
        };
    }

    /** The compat feature names as {@code tunefs.ocfs2 -Q %M} prints them. */
    public String compatNames() {
        return FeatureFlag.describe(FeatureFlag.Word.COMPAT, compatFlags);
    }

    /** The incompat feature names as {@code tunefs.ocfs2 -Q %H} prints them. */
    public String incompatNames() {
        return FeatureFlag.describe(FeatureFlag.Word.INCOMPAT, incompatFlags);
    }

    /** The read-only-compat feature names as {@code tunefs.ocfs2 -Q %O} prints them. */
    public String roCompatNames() {
        return FeatureFlag.describe(FeatureFlag.Word.RO_COMPAT, roCompatFlags);
    }
}
