package io.o2pool.ocfs2.mount;

import java.util.Locale;

/** The {@code heartbeat=} option the kernel shows for an OCFS2 mount: how this node heartbeats on the volume. */
public enum MountHeartbeat {
    /** {@code heartbeat=local}: cluster mode, o2cb heartbeats on this volume (what the seed expects to see). */
    LOCAL,
    /** {@code heartbeat=global}: cluster mode with global heartbeat regions configured in cluster.conf. */
    GLOBAL,
    /** {@code heartbeat=none}: a local-mode volume; no other server may mount it until it is switched to cluster. */
    NONE,
    /**
     * No {@code heartbeat=} option: a user-space stack ({@code cluster_stack=pcmk}) or an unusual kernel. Callers
     * must not treat this as cluster mode without checking the stack.
     */
    NOT_SHOWN;

    /** The option value ({@code local}, {@code global}, {@code none}), empty for {@link #NOT_SHOWN}. */
    public String text() {
        return this == NOT_SHOWN ? "" : name().toLowerCase(Locale.ROOT);
    }

    /** The mode for a {@code heartbeat=} value; {@code null} when the kernel would never show it. */
    static MountHeartbeat fromOption(String value) {
        return switch (value) {
            case "local" -> LOCAL;
            case "global" -> GLOBAL;
            case "none" -> NONE;
            default -> null;
        };
    }
}
