package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** The o2cb timeouts to change ({@code pool timeouts}, {@code plan timeouts}); options left out keep the pool's. */
final class TimeoutOptions {
    static final String NAMES = "--heartbeat-threshold, --idle-timeout-ms, --keepalive-delay-ms, --reconnect-delay-ms";

    @Option(names = "--heartbeat-threshold", description = "O2CB_HEARTBEAT_THRESHOLD (>=7).")
    Integer threshold;
    @Option(names = "--idle-timeout-ms", description = "O2CB_IDLE_TIMEOUT_MS (>=5000).")
    Integer idle;
    @Option(names = "--keepalive-delay-ms", description = "O2CB_KEEPALIVE_DELAY_MS (>=1000, below the idle timeout).")
    Integer keepalive;
    @Option(names = "--reconnect-delay-ms", description = "O2CB_RECONNECT_DELAY_MS (>=2000).")
    Integer reconnect;

    /** Puts the given timeouts into {@code body} by their API names; false when none is given. */
    boolean putInto(ObjectNode body) {
        put(body, "heartbeat_dead_threshold", threshold);
        put(body, "idle_timeout_ms", idle);
        put(body, "keepalive_delay_ms", keepalive);
        put(body, "reconnect_delay_ms", reconnect);
        return threshold != null || idle != null || keepalive != null || reconnect != null;
    }

    private static void put(ObjectNode body, String field, Integer value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
