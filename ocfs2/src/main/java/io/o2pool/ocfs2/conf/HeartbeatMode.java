package io.o2pool.ocfs2.conf;

import java.util.Locale;
import java.util.Optional;

/** The {@code heartbeat_mode} of a cluster: where o2hb writes its heartbeat (REFERENCE §1 "Modes"). */
public enum HeartbeatMode {
    /** One heartbeat region per mounted filesystem, started by the mount; the default when the key is missing. */
    LOCAL,
    /** Up to 32 regions listed in {@code heartbeat:} stanzas, started with the cluster. */
    GLOBAL;

    /** The word written to cluster.conf and shown by {@code list-cluster}: {@code local} or {@code global}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a value as libo2cb does: ASCII case-insensitive ({@code GLOBAL} is {@link #GLOBAL}). */
    public static Optional<HeartbeatMode> parse(String value) {
        for (HeartbeatMode mode : values()) {
            if (mode.text().equalsIgnoreCase(value) && value.chars().allMatch(c -> c < 0x80)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
