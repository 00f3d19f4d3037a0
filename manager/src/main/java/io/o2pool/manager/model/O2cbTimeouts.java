package io.o2pool.manager.model;

/**
 * The four o2cb timeouts a pool shares, in the o2cb defaults file's units; identical on every node because nodes with
 * different values refuse to connect. Validated in the constructor against the SPEC ranges.
 *
 * @param heartbeatDeadThreshold disk heartbeat iterations of 2 s before a silent node is dead (≥ 7)
 * @param idleTimeoutMs network idle timeout in ms (≥ 5000)
 * @param keepaliveDelayMs keepalive delay in ms (≥ 1000, less than the idle timeout)
 * @param reconnectDelayMs reconnect delay in ms (≥ 2000)
 */
public record O2cbTimeouts(int heartbeatDeadThreshold, int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs) {
    public static final int MIN_DEAD_THRESHOLD = 7;
    public static final int MIN_IDLE_TIMEOUT_MS = 5000;
    public static final int MIN_KEEPALIVE_DELAY_MS = 1000;
    public static final int MIN_RECONNECT_DELAY_MS = 2000;

    public O2cbTimeouts {
        String problem = problem(heartbeatDeadThreshold, idleTimeoutMs, keepaliveDelayMs, reconnectDelayMs);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The o2cb defaults: threshold 31 (60 s), idle 30000 ms, keepalive 2000 ms, reconnect 2000 ms. */
    public static O2cbTimeouts defaults() {
        return new O2cbTimeouts(31, 30000, 2000, 2000);
    }

    /** Says what is wrong with the values (naming the field as the API spells it), or null when they are valid. */
    public static String problem(int deadThreshold, int idleMs, int keepaliveMs, int reconnectMs) {
        if (deadThreshold < MIN_DEAD_THRESHOLD) {
            return "heartbeat_dead_threshold: " + deadThreshold + " is below the minimum " + MIN_DEAD_THRESHOLD;
        }
        if (idleMs < MIN_IDLE_TIMEOUT_MS) {
            return "idle_timeout_ms: " + idleMs + " is below the minimum " + MIN_IDLE_TIMEOUT_MS;
        }
        if (keepaliveMs < MIN_KEEPALIVE_DELAY_MS) {
            return "keepalive_delay_ms: " + keepaliveMs + " is below the minimum " + MIN_KEEPALIVE_DELAY_MS;
        }
        if (keepaliveMs >= idleMs) {
            return "keepalive_delay_ms: " + keepaliveMs + " must be less than idle_timeout_ms " + idleMs;
        }
        if (reconnectMs < MIN_RECONNECT_DELAY_MS) {
            return "reconnect_delay_ms: " + reconnectMs + " is below the minimum " + MIN_RECONNECT_DELAY_MS;
        }
        return null;
    }
}
