package io.o2pool.cluster.heartbeat;

import io.o2pool.ocfs2.defaults.O2cbSetting;

/**
 * The o2hb timing rules, from the kernel's {@code fs/ocfs2/cluster/heartbeat.h} and {@code tcp_internal.h}:
 * one disk iteration every {@link #REGION_TIMEOUT_MS}, live after {@link #LIVE_THRESHOLD} sequence changes,
 * dead after {@code dead_threshold} unchanged samples, self-fence when a write has not completed within
 * {@link #writeTimeoutMs(int)}.
 */
public final class HeartbeatTiming {
    /** {@code O2HB_REGION_TIMEOUT_MS}: the period of one disk heartbeat iteration. */
    public static final int REGION_TIMEOUT_MS = 2000;
    /** {@code O2HB_LIVE_THRESHOLD}: sequence changes that make a node live. */
    public static final int LIVE_THRESHOLD = 2;
    /**
     * {@code O2HB_DEFAULT_DEAD_THRESHOLD}: the default of {@code O2CB_HEARTBEAT_THRESHOLD}, from the {@code ocfs2}
     * module's table of the o2cb timeouts.
     */
    public static final int DEFAULT_DEAD_THRESHOLD = O2cbSetting.HEARTBEAT_THRESHOLD.defaultValue();
    /** {@code O2HB_MIN_DEAD_THRESHOLD}: the kernel accepts only thresholds above this. */
    public static final int KERNEL_MIN_DEAD_THRESHOLD = 2;
    /** {@code O2NM_MAX_NODES}: slots in a region, node numbers 0..254. */
    public static final int MAX_NODES = 255;

    private HeartbeatTiming() {
    }

    /** {@code O2HB_MAX_WRITE_TIMEOUT_MS} = 2000 × (threshold − 1): 60 000 ms by default. */
    public static int writeTimeoutMs(int deadThreshold) {
        return REGION_TIMEOUT_MS * (deadThreshold - 1);
    }

    /** {@code hb_dead_ms} = threshold × 2000, written in every block ({@code o2hb_prepare_block}). */
    public static int deadMs(int deadThreshold) {
        return deadThreshold * REGION_TIMEOUT_MS;
    }

    /** {@code O2NET_QUORUM_DELAY_MS} = (threshold + 2) × 2000 ({@code tcp_internal.h}). */
    public static int quorumDelayMs(int deadThreshold) {
        return (deadThreshold + 2) * REGION_TIMEOUT_MS;
    }

    /** Iterations a region needs to be steady: {@code O2HB_LIVE_THRESHOLD + 1} ({@code o2hb_region_dev_store}). */
    public static int steadyIterations() {
        return LIVE_THRESHOLD + 1;
    }
}
