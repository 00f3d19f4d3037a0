package io.o2pool.ocfs2.conf;

import java.util.Objects;

/**
 * One {@code heartbeat:} stanza of a cluster in global heartbeat mode: the region name, which is the UUID of the
 * filesystem whose heartbeat area o2hb uses (32 upper-case hex characters, as {@code o2cb add-heartbeat} writes it).
 */
public record HeartbeatRegion(String region) {
    public HeartbeatRegion {
        Objects.requireNonNull(region, "region");
    }
}
