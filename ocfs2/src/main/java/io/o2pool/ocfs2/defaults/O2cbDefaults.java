package io.o2pool.ocfs2.defaults;

import java.util.Objects;

/**
 * The content of the o2cb defaults file: whether o2cb starts on boot, with which stack and cluster, and the four
 * cluster timeouts that must be identical on every node. Immutable; the constructor refuses anything the o2cb init
 * script refuses (same texts) and, beyond it, a keepalive delay not below the idle timeout (the kernel refuses that
 * combination) — so an instance is always safe to write. The minimums and defaults are {@link O2cbSetting}'s, the
 * rules {@link O2cbTimeoutProblem#check}'s.
 *
 * @param enabled            {@code O2CB_ENABLED}: load the driver and start the boot cluster on boot
 * @param stack              {@code O2CB_STACK}: four characters, {@code o2cb} for the classic stack
 * @param bootCluster        {@code O2CB_BOOTCLUSTER}: 1–16 alphanumerics (never empty: o2pool writes no empty value)
 * @param heartbeatThreshold {@code O2CB_HEARTBEAT_THRESHOLD}: iterations of 2 s, at least its minimum
 * @param idleTimeoutMs      {@code O2CB_IDLE_TIMEOUT_MS}: at least its minimum
 * @param keepaliveDelayMs   {@code O2CB_KEEPALIVE_DELAY_MS}: at least its minimum and below {@code idleTimeoutMs}
 * @param reconnectDelayMs   {@code O2CB_RECONNECT_DELAY_MS}: at least its minimum
 */
public record O2cbDefaults(boolean enabled, String stack, String bootCluster, int heartbeatThreshold,
                           int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs) {

    /** The classic o2cb stack name, the init script's default for {@code O2CB_STACK}. */
    public static final String CLASSIC_STACK = "o2cb";
    /** The default cluster name (SPEC; also the Debian debconf default for {@code O2CB_BOOTCLUSTER}). */
    public static final String DEFAULT_CLUSTER = "ocfs2";

    /**
     * Validates every value.
     *
     * @throws IllegalArgumentException naming the value and the rule, in the init script's words where it has them
     */
    public O2cbDefaults {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(bootCluster, "bootCluster");
        O2cbSetting.checkStack(stack);
        O2cbSetting.checkBootCluster(bootCluster);
        O2cbTimeoutProblem.first(heartbeatThreshold, idleTimeoutMs, keepaliveDelayMs, reconnectDelayMs)
                .ifPresent(p -> {
                    throw new IllegalArgumentException(p.initScriptText());
                });
    }

    /**
     * The kernel defaults ({@link O2cbSetting#defaultValue()} of each timeout) with o2cb disabled, the classic stack
     * and cluster {@code ocfs2}.
     */
    public static O2cbDefaults defaults() {
        return new O2cbDefaults(false, CLASSIC_STACK, DEFAULT_CLUSTER,
                O2cbSetting.HEARTBEAT_THRESHOLD.defaultValue(), O2cbSetting.IDLE_TIMEOUT_MS.defaultValue(),
                O2cbSetting.KEEPALIVE_DELAY_MS.defaultValue(), O2cbSetting.RECONNECT_DELAY_MS.defaultValue());
    }

    /**
     * Why a keepalive delay and an idle timeout cannot go together (the kernel refuses keepalive ≥ idle), or
     * {@code null} when they can.
     */
    public static String keepaliveOrderProblem(int keepaliveDelayMs, int idleTimeoutMs) {
        return O2cbTimeoutProblem.keepaliveOrder(keepaliveDelayMs, idleTimeoutMs)
                .map(O2cbTimeoutProblem::initScriptText).orElse(null);
    }

    /** Whether a node with these values can talk to a node with {@code other}'s (same timeouts, REFERENCE §2). */
    public boolean sameTimeouts(O2cbDefaults other) {
        return heartbeatThreshold == other.heartbeatThreshold && idleTimeoutMs == other.idleTimeoutMs
                && keepaliveDelayMs == other.keepaliveDelayMs && reconnectDelayMs == other.reconnectDelayMs;
    }

    /** A copy with {@code O2CB_ENABLED} changed. */
    public O2cbDefaults withEnabled(boolean value) {
        return new O2cbDefaults(value, stack, bootCluster, heartbeatThreshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs);
    }

    /** A copy with {@code O2CB_STACK} changed. */
    public O2cbDefaults withStack(String value) {
        return new O2cbDefaults(enabled, value, bootCluster, heartbeatThreshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs);
    }

    /** A copy with {@code O2CB_BOOTCLUSTER} changed. */
    public O2cbDefaults withBootCluster(String value) {
        return new O2cbDefaults(enabled, stack, value, heartbeatThreshold, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs);
    }

    /** A copy with the four timeouts changed. */
    public O2cbDefaults withTimeouts(int threshold, int idleMs, int keepaliveMs, int reconnectMs) {
        return new O2cbDefaults(enabled, stack, bootCluster, threshold, idleMs, keepaliveMs, reconnectMs);
    }

    /** The numeric value of one of the four timeout settings. */
    public int number(O2cbSetting setting) {
        return switch (setting) {
            case HEARTBEAT_THRESHOLD -> heartbeatThreshold;
            case IDLE_TIMEOUT_MS -> idleTimeoutMs;
            case KEEPALIVE_DELAY_MS -> keepaliveDelayMs;
            case RECONNECT_DELAY_MS -> reconnectDelayMs;
            case ENABLED, STACK, BOOTCLUSTER -> throw new IllegalArgumentException(setting.key() + " is not numeric");
        };
    }
}
