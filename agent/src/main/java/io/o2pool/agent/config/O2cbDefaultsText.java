package io.o2pool.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's own reading of an o2cb defaults file ({@code /etc/default/o2cb}): shell-style {@code KEY=VALUE} lines,
 * {@code #} comments, optional quotes; remembers each key's line for error messages. Immutable.
 */
public record O2cbDefaultsText(Map<String, Entry> entries) {
    /** A value and the 1-based line it came from. */
    public record Entry(String value, int line) {
    }

    public O2cbDefaultsText {
        entries = Map.copyOf(entries);
    }

    /** Parses the file; a line that is neither blank, comment nor {@code KEY=VALUE} is reported as {@code IllegalArgumentException}. */
    public static O2cbDefaultsText parse(String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).matches("[A-Z_][A-Z0-9_]*")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected KEY=VALUE, found '" + line + "'");
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            entries.put(line.substring(0, eq), new Entry(value, i + 1));
        }
        return new O2cbDefaultsText(entries);
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }
}
