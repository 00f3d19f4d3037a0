package io.o2pool.ocfs2.defaults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rule four o2cb timeout values break: a value below its {@link O2cbSetting}'s minimum (the o2cb init script
 * refuses it), or a keepalive delay not below the idle timeout (the kernel refuses it:
 * {@code o2nm_cluster_keepalive_delay_ms_store} and {@code ..._idle_timeout_ms_store} in
 * {@code fs/ocfs2/cluster/nodemanager.c}). {@link #check} is the one place these rules are applied; every holder of
 * timeouts ({@link O2cbDefaults}, the cluster stack's node configuration, the manager's pool timeouts) asks it and
 * only words the answer for its own audience. Immutable.
 *
 * @param setting the setting whose value is refused
 * @param value   the refused value
 * @param rule    which rule it breaks
 * @param limit   the bound it breaks: the setting's minimum, or the idle timeout the keepalive delay must stay below
 */
public record O2cbTimeoutProblem(O2cbSetting setting, int value, Rule rule, int limit) {

    /** The two kinds of rule. */
    public enum Rule {
        /** {@code value < setting.min()}; the fix is a value of at least {@code limit}. */
        BELOW_MINIMUM,
        /** The keepalive delay {@code value} is not below the idle timeout {@code limit}; lower one or raise the other. */
        NOT_BELOW_IDLE_TIMEOUT
    }

    /**
     * Every rule the four values break, in this order: the threshold's, the idle timeout's and the keepalive delay's
     * minimum, keepalive below idle, the reconnect delay's minimum. Empty when the values may be used together.
     */
    public static List<O2cbTimeoutProblem> check(int heartbeatThreshold, int idleTimeoutMs, int keepaliveDelayMs,
                                                 int reconnectDelayMs) {
        List<O2cbTimeoutProblem> problems = new ArrayList<>();
        belowMinimum(O2cbSetting.HEARTBEAT_THRESHOLD, heartbeatThreshold).ifPresent(problems::add);
        belowMinimum(O2cbSetting.IDLE_TIMEOUT_MS, idleTimeoutMs).ifPresent(problems::add);
        belowMinimum(O2cbSetting.KEEPALIVE_DELAY_MS, keepaliveDelayMs).ifPresent(problems::add);
        keepaliveOrder(keepaliveDelayMs, idleTimeoutMs).ifPresent(problems::add);
        belowMinimum(O2cbSetting.RECONNECT_DELAY_MS, reconnectDelayMs).ifPresent(problems::add);
        return problems;
    }

    /** The first rule the values break ({@link #check}'s order), if any. */
    public static Optional<O2cbTimeoutProblem> first(int heartbeatThreshold, int idleTimeoutMs, int keepaliveDelayMs,
                                                     int reconnectDelayMs) {
        return check(heartbeatThreshold, idleTimeoutMs, keepaliveDelayMs, reconnectDelayMs).stream().findFirst();
    }

    /** {@code value} of the numeric {@code setting} below its minimum, if it is. */
    public static Optional<O2cbTimeoutProblem> belowMinimum(O2cbSetting setting, int value) {
        if (!setting.numeric()) {
            throw new IllegalArgumentException(setting.key() + " is not numeric");
        }
        return value < setting.min()
                ? Optional.of(new O2cbTimeoutProblem(setting, value, Rule.BELOW_MINIMUM, setting.min()))
                : Optional.empty();
    }

    /** The kernel's cross-field rule: a keepalive delay not below the idle timeout, if it is not. */
    public static Optional<O2cbTimeoutProblem> keepaliveOrder(int keepaliveDelayMs, int idleTimeoutMs) {
        return keepaliveDelayMs < idleTimeoutMs ? Optional.empty() : Optional.of(new O2cbTimeoutProblem(
                O2cbSetting.KEEPALIVE_DELAY_MS, keepaliveDelayMs, Rule.NOT_BELOW_IDLE_TIMEOUT, idleTimeoutMs));
    }

    /**
     * The init script's text ({@code heartbeat dead threshold cannot be less than 7}) or, for the keepalive rule
     * the script does not check, the same words: {@code network keepalive delay in ms (5000) must be less than
     * network idle timeout in ms (5000)}.
     */
    public String initScriptText() {
        return switch (rule) {
            case BELOW_MINIMUM -> setting.description() + " cannot be less than " + limit;
            case NOT_BELOW_IDLE_TIMEOUT -> setting.description() + " (" + value + ") must be less than "
                    + O2cbSetting.IDLE_TIMEOUT_MS.description() + " (" + limit + ")";
        };
    }

    /**
     * What is wrong and what to set in the defaults file, in o2pool's words:
     * {@code heartbeat dead threshold 5 is below the minimum 7; set O2CB_HEARTBEAT_THRESHOLD=7 or more (default 31)},
     * {@code keepalive delay 30000 ms is not below the idle timeout 30000 ms; set O2CB_KEEPALIVE_DELAY_MS below
     * O2CB_IDLE_TIMEOUT_MS}.
     */
    public String message() {
        return switch (rule) {
            case BELOW_MINIMUM -> setting.describe(value) + " is below the minimum " + setting.withUnit(limit) + "; "
                    + setting.minimumFix();
            case NOT_BELOW_IDLE_TIMEOUT -> setting.describe(value) + " is not below the "
                    + O2cbSetting.IDLE_TIMEOUT_MS.describe(limit) + "; set " + setting.key() + " below "
                    + O2cbSetting.IDLE_TIMEOUT_MS.key();
        };
    }
}
