package io.o2pool.cluster.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the o2cb timeouts from {@code /etc/default/o2cb} ({@code O2CB_HEARTBEAT_THRESHOLD},
 * {@code O2CB_IDLE_TIMEOUT_MS}, {@code O2CB_KEEPALIVE_DELAY_MS}, {@code O2CB_RECONNECT_DELAY_MS}) for
 * {@code o2pool cluster run --o2cb FILE}; missing keys keep their defaults. A stop-gap until the ocfs2 module's
 * reader is wired in.
 */
public final class O2cbDefaultsFile {
    private O2cbDefaultsFile() {
    }

    /** The KEY=VALUE pairs of the file (quotes removed). */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) {
                continue;
            }
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            values.put(line.substring(0, eq).strip(), v);
        }
        return values;
    }

    /** The integer value of {@code key}, or {@code fallback}; a non-number is refused as o2cb.init does. */
    public static int intValue(Map<String, String> values, String key, int fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + key + " value: " + v);
        }
    }
}
