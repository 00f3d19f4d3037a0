package io.o2pool.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's own reading of a {@code cluster.conf} text, following ocfs2-tools 1.8.7's reader (stanza header in column
 * 0, indented {@code key = value}, {@code #} comments only in column 0, a blank line ends a stanza, CRLF refused),
 * with the line number of every stanza. Used to validate a staged change and to drive the kernel stack until the
 * {@code ocfs2} module's parser is available. Immutable.
 */
public record ClusterConfText(List<Stanza> stanzas) {
    /** One stanza: its type ({@code cluster}, {@code node}, {@code heartbeat}), attributes (last duplicate wins) and line. */
    public record Stanza(String type, Map<String, String> attributes, int line) {
        public Optional<String> get(String key) {
            return Optional.ofNullable(attributes.get(key));
        }
    }

    /** A syntax error at {@code line} (1-based); the message says what was expected. */
    public static final class SyntaxException extends RuntimeException {
        private final int line;

        SyntaxException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public ClusterConfText {
        stanzas = List.copyOf(stanzas);
    }

    /** Parses {@code text}; throws {@link SyntaxException} naming the line at the first syntax error. */
    public static ClusterConfText parse(String text) {
        List<Stanza> stanzas = new ArrayList<>();
        String type = null;
        Map<String, String> attributes = null;
        int stanzaLine = 0;
        boolean afterBlank = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            if (line.indexOf('\r') >= 0) {
                throw new SyntaxException(number, "carriage return (CRLF line ending); write the file with LF only");
            }
            if (line.isBlank()) {
                afterBlank = true;
                continue;
            }
            if (line.charAt(0) == '#') {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (type == null || afterBlank) {
                    throw new SyntaxException(number, "attribute outside a stanza; start a stanza with 'name:' in column 0"
                            + " and do not leave a blank line inside it");
                }
                String body = line.strip();
                int eq = body.indexOf('=');
                if (body.startsWith("#") || eq <= 0) {
                    throw new SyntaxException(number, "expected 'key = value', found '" + body + "'");
                }
                attributes.put(body.substring(0, eq).strip(), body.substring(eq + 1).strip());
                continue;
            }
            String header = line.stripTrailing();
            if (!header.endsWith(":") || !header.substring(0, header.length() - 1).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new SyntaxException(number, "expected a stanza header such as 'node:', found '" + header + "'");
            }
            if (type != null) {
                stanzas.add(new Stanza(type, attributes, stanzaLine));
            }
            type = header.substring(0, header.length() - 1);
            attributes = new LinkedHashMap<>();
            stanzaLine = number;
            afterBlank = false;
        }
        if (type != null) {
            stanzas.add(new Stanza(type, attributes, stanzaLine));
        }
        return new ClusterConfText(stanzas);
    }

    /** The stanzas of one type, in file order. */
    public List<Stanza> all(String stanzaType) {
        return stanzas.stream().filter(s -> s.type().equals(stanzaType)).toList();
    }

    /** The name of the first {@code cluster:} stanza, if any. */
    public Optional<String> clusterName() {
        return all("cluster").stream().findFirst().flatMap(s -> s.get("name"));
    }
}
