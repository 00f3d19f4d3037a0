package io.o2pool.ocfs2.defaults;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One variable of the o2cb defaults file, with the rules the o2cb init script ({@code vendor/common/o2cb.init.sh}
 * of ocfs2-tools 1.8.7) applies to it, so the reader, the model and the configure dialog share one definition and
 * one set of error texts ({@code Invalid <name> value: <v>}, {@code <name> cannot be less than <min>}).
 *
 * <p>This enum is o2pool's one table of the four o2cb timeouts' minimums and defaults (SPEC "Data and rules",
 * REFERENCE §5): the cluster stack ({@code ClusterNodeConfig}, {@code HeartbeatTiming}), the agent and the manager
 * ({@code O2cbTimeouts}) take them from here, and {@link O2cbTimeoutProblem#check} applies them together with the
 * one cross-field rule (keepalive delay below the idle timeout).
 */
public enum O2cbSetting {
    /** {@code O2CB_ENABLED}: {@code true} loads the driver on boot; the script treats anything else as false. */
    ENABLED("O2CB_ENABLED", "O2CB driver on boot", null, null, 0, 0),
    /** {@code O2CB_STACK}: the 4-character cluster stack name ({@code o2cb}, {@code pcmk}, {@code cman}). */
    STACK("O2CB_STACK", "cluster stack", null, null, 0, 0),
    /** {@code O2CB_BOOTCLUSTER}: the cluster to start on boot, empty for none. */
    BOOTCLUSTER("O2CB_BOOTCLUSTER", "cluster to start on boot", null, null, 0, 0),
    /**
     * {@code O2CB_HEARTBEAT_THRESHOLD}: disk heartbeat iterations (2 s each) before a node is dead; at least 7
     * (o2cb.init; the kernel itself only needs more than {@code O2HB_MIN_DEAD_THRESHOLD} = 2), default 31
     * ({@code O2HB_DEFAULT_DEAD_THRESHOLD}: 60 s of silence).
     */
    HEARTBEAT_THRESHOLD("O2CB_HEARTBEAT_THRESHOLD", "heartbeat dead threshold", "heartbeat dead threshold", "", 7,
            31),
    /** {@code O2CB_IDLE_TIMEOUT_MS}: ms of network silence before a connection is dead; ≥ 5000, default 30000. */
    IDLE_TIMEOUT_MS("O2CB_IDLE_TIMEOUT_MS", "network idle timeout in ms", "idle timeout", " ms", 5000, 30000),
    /**
     * {@code O2CB_KEEPALIVE_DELAY_MS}: ms of silence before a keepalive is sent; ≥ 1000, default 2000, and below the
     * idle timeout (the kernel refuses keepalive ≥ idle).
     */
    KEEPALIVE_DELAY_MS("O2CB_KEEPALIVE_DELAY_MS", "network keepalive delay in ms", "keepalive delay", " ms", 1000,
            2000),
    /** {@code O2CB_RECONNECT_DELAY_MS}: minimum ms between connection attempts; ≥ 2000, default 2000. */
    RECONNECT_DELAY_MS("O2CB_RECONNECT_DELAY_MS", "network reconnect delay in ms", "reconnect delay", " ms", 2000,
            2000);

    /** Longest cluster name o2cb accepts (REFERENCE §5: 1–16 alphanumerics). */
    public static final int MAX_CLUSTER_NAME_LENGTH = 16;

    private static final List<O2cbSetting> TIMEOUTS =
            List.of(HEARTBEAT_THRESHOLD, IDLE_TIMEOUT_MS, KEEPALIVE_DELAY_MS, RECONNECT_DELAY_MS);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]+");

    private final String key;
    private final String description;
    private final String label;
    private final String unit;
    private final int min;
    private final int defaultValue;

    O2cbSetting(String key, String description, String label, String unit, int min, int defaultValue) {
        this.key = key;
        this.description = description;
        this.label = label;
        this.unit = unit;
        this.min = min;
        this.defaultValue = defaultValue;
    }

    /** The variable name in the file, e.g. {@code O2CB_IDLE_TIMEOUT_MS}. */
    public String key() {
        return key;
    }

    /** The init script's name for the value, as it appears in its prompts and error texts. */
    public String description() {
        return description;
    }

    /**
     * A numeric setting's short name with its value and unit, as o2pool's own messages write it:
     * {@code heartbeat dead threshold 5}, {@code idle timeout 4000 ms}.
     */
    public String describe(int value) {
        if (!numeric()) {
            throw new IllegalStateException(key + " is not numeric");
        }
        return label + " " + value + unit;
    }

    /** A numeric setting's value with its unit: {@code 5000 ms}, or {@code 7} for the threshold. */
    public String withUnit(int value) {
        if (!numeric()) {
            throw new IllegalStateException(key + " is not numeric");
        }
        return value + unit;
    }

    /** The fix for a value below the minimum: {@code set O2CB_IDLE_TIMEOUT_MS=5000 or more (default 30000)}. */
    public String minimumFix() {
        return "set " + key + "=" + min + " or more (default " + defaultValue + ")";
    }

    /** The four numeric settings (the cluster timeouts), in the file's order. */
    public static List<O2cbSetting> timeouts() {
        return TIMEOUTS;
    }

    /** Whether the value is a number with a minimum and a default (the four timeouts). */
    public boolean numeric() {
        return min > 0;
    }

    /** The smallest accepted value of a numeric setting. */
    public int min() {
        return min;
    }

    /** The default of a numeric setting (the kernel's, and what the init script writes when asked nothing). */
    public int defaultValue() {
        return defaultValue;
    }

    /** The setting whose file variable is {@code key}, if any. */
    public static Optional<O2cbSetting> byKey(String key) {
        for (O2cbSetting setting : values()) {
            if (setting.key.equals(key)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a number the way the script's {@code read_timeout} does: digits only, else
     * {@code Invalid <name> value: <v>}; below the minimum, {@code <name> cannot be less than <min>}.
     *
     * @throws IllegalArgumentException with the script's text
     */
    public int parseNumber(String text) {
        if (!numeric()) {
            throw new IllegalStateException(key + " is not numeric");
        }
        if (!DIGITS.matcher(text).matches() || text.length() > 10 || Long.parseLong(text) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid " + description + " value: " + text);
        }
        int value = Integer.parseInt(text);
        checkMinimum(value);
        return value;
    }

    /** Refuses a number below this setting's minimum with the script's text. */
    void checkMinimum(int value) {
        O2cbTimeoutProblem.belowMinimum(this, value).ifPresent(p -> {
            throw new IllegalArgumentException(p.initScriptText());
        });
    }

    /** Checks a stack name: exactly four alphanumerics, as the script's {@code ????} pattern and the kernel's. */
    static void checkStack(String stack) {
        if (stack.length() != 4 || !ALNUM.matcher(stack).matches()) {
            throw new IllegalArgumentException("Invalid cluster stack value: " + stack
                    + " (4 characters, e.g. o2cb, pcmk or cman)");
        }
    }

    /**
     * Checks a boot cluster name: 1–16 alphanumerics, with the script's text for other characters. Empty is refused:
     * o2pool never writes an empty value (whether o2cb starts on boot is {@code O2CB_ENABLED}'s job).
     */
    static void checkBootCluster(String cluster) {
        if (cluster.isEmpty()) {
            throw new IllegalArgumentException("Invalid cluster name: (empty); o2pool always names the boot cluster"
                    + " (default " + O2cbDefaults.DEFAULT_CLUSTER + ")");
        }
        if (!ALNUM.matcher(cluster).matches()) {
            throw new IllegalArgumentException("Invalid cluster name: " + cluster);
        }
        if (cluster.length() > MAX_CLUSTER_NAME_LENGTH) {
            throw new IllegalArgumentException("Invalid cluster name: " + cluster + " (at most "
                    + MAX_CLUSTER_NAME_LENGTH + " characters)");
        }
    }
}
