package io.o2pool.manager.model;

import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbSetting;
import io.o2pool.ocfs2.defaults.O2cbTimeoutProblem;

/**
 * The four o2cb timeouts a pool shares, in the o2cb defaults file's units; identical on every node because nodes with
 * different values refuse to connect. Validated in the constructor by the {@code ocfs2} module's rules
 * ({@link O2cbTimeoutProblem#check}: the minimums of its {@link O2cbSetting} table and keepalive below idle); this
 * record only words a refusal with the API's field names.
 *
 * @param heartbeatDeadThreshold disk heartbeat iterations of 2 s before a silent node is dead
 * @param idleTimeoutMs network idle timeout in ms
 * @param keepaliveDelayMs keepalive delay in ms (less than the idle timeout)
 * @param reconnectDelayMs reconnect delay in ms
 */
public record O2cbTimeouts(int heartbeatDeadThreshold, int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs) {
    /** {@code O2CB_HEARTBEAT_THRESHOLD}'s minimum, from the ocfs2 table. */
    public static final int MIN_DEAD_THRESHOLD = O2cbSetting.HEARTBEAT_THRESHOLD.min();
    /** {@code O2CB_IDLE_TIMEOUT_MS}'s minimum, from the ocfs2 table. */
    public static final int MIN_IDLE_TIMEOUT_MS = O2cbSetting.IDLE_TIMEOUT_MS.min();
    /** {@code O2CB_KEEPALIVE_DELAY_MS}'s minimum, from the ocfs2 table. */
    public static final int MIN_KEEPALIVE_DELAY_MS = O2cbSetting.KEEPALIVE_DELAY_MS.min();
    /** {@code O2CB_RECONNECT_DELAY_MS}'s minimum, from the ocfs2 table. */
    public static final int MIN_RECONNECT_DELAY_MS = O2cbSetting.RECONNECT_DELAY_MS.min();

    public O2cbTimeouts {
        String problem = problem(heartbeatDeadThreshold, idleTimeoutMs, keepaliveDelayMs, reconnectDelayMs);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The o2cb defaults ({@link O2cbDefaults#defaults()}): threshold 31 (60 s), idle 30 s, keepalive 2 s, reconnect 2 s. */
    public static O2cbTimeouts defaults() {
        return of(O2cbDefaults.defaults());
    }

    /** The timeouts of an o2cb defaults file's values. */
    public static O2cbTimeouts of(O2cbDefaults values) {
        return new O2cbTimeouts(values.heartbeatThreshold(), values.idleTimeoutMs(), values.keepaliveDelayMs(),
                values.reconnectDelayMs());
    }

    /** Says what is wrong with the values (naming the field as the API spells it), or null when they are valid. */
    public static String problem(int deadThreshold, int idleMs, int keepaliveMs, int reconnectMs) {
        return O2cbTimeoutProblem.first(deadThreshold, idleMs, keepaliveMs, reconnectMs)
                .map(O2cbTimeouts::inApiWords).orElse(null);
    }

    private static String inApiWords(O2cbTimeoutProblem p) {
        return switch (p.rule()) {
            case BELOW_MINIMUM -> field(p.setting()) + ": " + p.value() + " is below the minimum " + p.limit();
            case NOT_BELOW_IDLE_TIMEOUT -> field(p.setting()) + ": " + p.value() + " must be less than "
                    + field(O2cbSetting.IDLE_TIMEOUT_MS) + " " + p.limit();
        };
    }

    /** The API's (and the database's) name of a timeout setting. */
    public static String field(O2cbSetting setting) {
        return switch (setting) {
            case HEARTBEAT_THRESHOLD -> "heartbeat_dead_threshold";
            case IDLE_TIMEOUT_MS -> "idle_timeout_ms";
            case KEEPALIVE_DELAY_MS -> "keepalive_delay_ms";
            case RECONNECT_DELAY_MS -> "reconnect_delay_ms";
            case ENABLED, STACK, BOOTCLUSTER -> throw new IllegalArgumentException(setting.key() + " is not a timeout");
        };
    }
}
