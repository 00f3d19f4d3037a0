package io.o2pool.ocfs2.defaults;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The values of the configure dialog while it runs, and how one typed answer changes them: the init script's
 * {@code configure_ask} rules and error texts ({@code Invalid answer: x}, {@code Invalid cluster name: x},
 * {@code Invalid <name> value: x}, {@code <name> cannot be less than <min>}), where an empty answer keeps the current
 * value. Mutable and single-threaded; values are only combined into an {@link O2cbDefaults} at the end, because a
 * half-answered dialog may pass through combinations the model refuses (keepalive above the old idle timeout).
 */
final class ConfigureAnswers {
    private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]+");

    private final Map<O2cbSetting, String> values = new EnumMap<>(O2cbSetting.class);

    /** Starts from the current values (the file's, or the defaults). */
    ConfigureAnswers(O2cbDefaults current) {
        values.put(O2cbSetting.ENABLED, Boolean.toString(current.enabled()));
        values.put(O2cbSetting.STACK, current.stack());
        values.put(O2cbSetting.BOOTCLUSTER, current.bootCluster());
        for (O2cbSetting s : O2cbSetting.values()) {
            if (s.numeric()) {
                values.put(s, Integer.toString(current.number(s)));
            }
        }
    }

    /** The prompt for {@code setting}, exactly as the init script prints it, with the current value in brackets. */
    String prompt(O2cbSetting setting) {
        String current = values.get(setting);
        return switch (setting) {
            case ENABLED -> "Load O2CB driver on boot (y/n) [" + (current.equals("true") ? "y" : "n") + "]: ";
            case STACK -> "Cluster stack backing O2CB [" + current + "]: ";
            case BOOTCLUSTER -> "Cluster to start on boot (Enter \"none\" to clear) [" + current + "]: ";
            case HEARTBEAT_THRESHOLD, IDLE_TIMEOUT_MS, KEEPALIVE_DELAY_MS, RECONNECT_DELAY_MS ->
                    "Specify " + setting.description() + " (>=" + setting.min() + ") [" + current + "]: ";
        };
    }

    /**
     * Applies one answer; an empty answer keeps the current value.
     *
     * @param fromOption the answer came from a command-line option, which also accepts {@code yes/no/true/false}
     * @throws IllegalArgumentException with the init script's error text; nothing is changed
     */
    void apply(O2cbSetting setting, String rawAnswer, boolean fromOption) {
        String answer = rawAnswer.strip();
        if (answer.isEmpty()) {
            return;
        }
        String value = switch (setting) {
            case ENABLED -> enabled(answer, fromOption);
            case STACK -> {
                if (answer.length() != 4 || !ALNUM.matcher(answer).matches()) {
                    throw new IllegalArgumentException("Invalid answer: " + answer);
                }
                yield answer;
            }
            case BOOTCLUSTER -> {
                if (answer.equals("none")) {
                    throw new IllegalArgumentException("Invalid cluster name: none (o2pool never writes an empty"
                            + " O2CB_BOOTCLUSTER; to start no cluster on boot, answer n to \"Load O2CB driver on"
                            + " boot\")");
                }
                O2cbSetting.checkBootCluster(answer);
                yield answer;
            }
            case HEARTBEAT_THRESHOLD, IDLE_TIMEOUT_MS, KEEPALIVE_DELAY_MS, RECONNECT_DELAY_MS ->
                    Integer.toString(setting.parseNumber(answer));
        };
        values.put(setting, value);
    }

    private static String enabled(String answer, boolean fromOption) {
        switch (answer) {
            case "y", "Y" -> {
                return "true";
            }
            case "n", "N" -> {
                return "false";
            }
            default -> {
                if (fromOption && (answer.equals("yes") || answer.equals("true"))) {
                    return "true";
                }
                if (fromOption && (answer.equals("no") || answer.equals("false"))) {
                    return "false";
                }
                throw new IllegalArgumentException("Invalid answer: " + answer);
            }
        }
    }

    /** Why the keepalive delay and idle timeout cannot go together, or {@code null}. */
    String keepaliveProblem() {
        return O2cbDefaults.keepaliveOrderProblem(number(O2cbSetting.KEEPALIVE_DELAY_MS),
                number(O2cbSetting.IDLE_TIMEOUT_MS));
    }

    /** The answered values as a validated model. */
    O2cbDefaults toDefaults() {
        return new O2cbDefaults(Boolean.parseBoolean(values.get(O2cbSetting.ENABLED)),
                values.get(O2cbSetting.STACK), values.get(O2cbSetting.BOOTCLUSTER),
                number(O2cbSetting.HEARTBEAT_THRESHOLD), number(O2cbSetting.IDLE_TIMEOUT_MS),
                number(O2cbSetting.KEEPALIVE_DELAY_MS), number(O2cbSetting.RECONNECT_DELAY_MS));
    }

    private int number(O2cbSetting setting) {
        return Integer.parseInt(values.get(setting));
    }
}
