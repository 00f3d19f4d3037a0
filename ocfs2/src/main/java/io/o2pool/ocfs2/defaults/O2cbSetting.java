package io.o2pool.ocfs2.defaults;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One variable of the o2cb defaults file, with the rules the o2cb init script ({@code vendor/common/o2cb.init.sh}
 * of ocfs2-tools 1.8.7) applies to it, so the reader, the model and the configure dialog share one definition and
 * one set of error texts ({@code Invalid <name> value: <v>}, {@code <name> cannot be less than <min>}).
 */
public enum O2cbSetting {
    /** {@code O2CB_ENABLED}: {@code true} loads the driver on boot; the script treats anything else as false. */
    ENABLED("O2CB_ENABLED", "O2CB driver on boot", 0, 0),
    /** {@code O2CB_STACK}: the 4-character cluster stack name ({@code o2cb}, {@code pcmk}, {@code cman}). */
    STACK("O2CB_STACK", "cluster stack", 0, 0),
    /** {@code O2CB_BOOTCLUSTER}: the cluster to start on boot, empty for none. */
    BOOTCLUSTER("O2CB_BOOTCLUSTER", "cluster to start on boot", 0, 0),
    /** {@code O2CB_HEARTBEAT_THRESHOLD}: disk heartbeat iterations (2 s each) before a node is dead. */
    HEARTBEAT_THRESHOLD("O2CB_HEARTBEAT_THRESHOLD", "heartbeat dead threshold", 7, 31),
    /** {@code O2CB_IDLE_TIMEOUT_MS}: ms of network silence before a connection is dead. */
    IDLE_TIMEOUT_MS("O2CB_IDLE_TIMEOUT_MS", "network idle timeout in ms", 5000, 30000),
    /** {@code O2CB_KEEPALIVE_DELAY_MS}: ms of silence before a keepalive is sent; must be below the idle timeout. */
    KEEPALIVE_DELAY_MS("O2CB_KEEPALIVE_DELAY_MS", "network keepalive delay in ms", 1000, 2000),
    /** {@code O2CB_RECONNECT_DELAY_MS}: minimum ms between connection attempts. */
    RECONNECT_DELAY_MS("O2CB_RECONNECT_DELAY_MS", "network reconnect delay in ms", 2000, 2000);

    /** Longest cluster name o2cb accepts (REFERENCE §5: 1–16 alphanumerics). */
    public static final int MAX_CLUSTER_NAME_LENGTH = 16;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]+");

    private final String key;
    private final String description;
    private final int min;
    private final int defaultValue;

    O2cbSetting(String key, String description, int min, int defaultValue) {
        this.key = key;
        this.description = description;
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

    /** Whether the value is a number with a minimum and a default (the four timeouts). */
    public boolean numeric() {
        return min > 0;
    }

    /** The smallest accepted value of a numeric setting. */
    public int min() {
        return min;
    }

    /** The kernel's default of a numeric setting. */
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
        if (value < min) {
            throw new IllegalArgumentException(description + " cannot be less than " + min);
        }
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
