package io.o2pool.ocfs2.conf;

import java.util.Map;
import java.util.Optional;

/**
 * One stanza as the jconfig layer of ocfs2-tools sees it: a name ({@code cluster}, {@code node}, anything) and its
 * attributes, a later duplicate key replacing the earlier one. Values are raw: one Java char per file byte
 * (ISO-8859-1), not yet trimmed.
 */
record Stanza(String name, ConfPosition position, Map<String, Attribute> attributes) {
    Stanza {
        attributes = Map.copyOf(attributes);
    }

    /** One {@code key = value} line (plus continuation lines). */
    record Attribute(String key, String rawValue, ConfPosition keyPosition, ConfPosition valuePosition) {
        /**
         * The value as libo2cb reads it: {@code j_config_get_attribute} strips trailing white space
         * ({@code g_strchomp}), never leading.
         */
        String chomped() {
            int to = rawValue.length();
            while (to > 0 && isAsciiSpace(rawValue.charAt(to - 1))) {
                to--;
            }
            return rawValue.substring(0, to);
        }

        private static boolean isAsciiSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }
    }

    Optional<Attribute> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** The chomped value of {@code key}, if the key is present. */
    Optional<String> value(String key) {
        return attribute(key).map(Attribute::chomped);
    }
}
