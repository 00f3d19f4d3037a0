package io.o2pool.cluster.fence;

import java.util.Locale;

/** What a node does after it has fenced itself (stopped heartbeating uncleanly), chosen in configuration. */
public enum FenceMethod {
    /** Stop the node's cluster services and report FENCED; the host keeps running (default, safe on any machine). */
    STOP,
    /** Run the operator's command (for example a power switch or a VM stop). */
    COMMAND,
    /** Restart the host at once, as the kernel's {@code emergency_restart} does (real deployments only). */
    REBOOT;

    /** Parses {@code stop}, {@code command} or {@code reboot}. */
    public static FenceMethod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fence method '" + text + "'; use stop, command or reboot");
        }
    }
}
