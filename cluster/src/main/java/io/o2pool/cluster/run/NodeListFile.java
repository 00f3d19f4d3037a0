package io.o2pool.cluster.run;

import io.o2pool.cluster.NodeAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the cluster's node list for {@code o2pool cluster run --config FILE}: either a cluster.conf (its
 * {@code cluster:} name and {@code node:} stanzas with name, number, ip_address, ip_port), or a plain list with one
 * {@code NAME NUMBER IP[:PORT]} per line ({@code #} comments). A stop-gap: the ocfs2 module's cluster.conf parser
 * replaces the cluster.conf half when the CLI wires it in. Pure apart from reading the file.
 */
public final class NodeListFile {

    /** The cluster's name (null when the file does not say) and its nodes. */
    public record Contents(String clusterName, List<NodeAddress> nodes) {
    }

    private NodeListFile() {
    }

    /** Reads {@code file}, detecting its format. */
    public static Contents read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        boolean conf = lines.stream().anyMatch(l -> l.matches("(node|cluster):\\s*"));
        try {
            return conf ? readConf(lines) : readList(lines);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Contents readList(List<String> lines) {
        List<NodeAddress> nodes = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException("line '" + raw + "' is not 'NAME NUMBER IP[:PORT]'");
            }
            String[] hostPort = f[2].split(":");
            int port = hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : NodeAddress.DEFAULT_PORT;
            nodes.add(new NodeAddress(f[0], Integer.parseInt(f[1]), hostPort[0], port));
        }
        return new Contents(null, nodes);
    }

    private static Contents readConf(List<String> lines) {
        List<Map<String, String>> stanzas = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Map<String, String> current = null;
        for (String raw : lines) {
            if (raw.isBlank() || raw.startsWith("#")) {
                current = raw.isBlank() ? null : current;
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0))) {
                String kind = raw.strip();
                kinds.add(kind.substring(0, kind.length() - 1).strip());
                current = new HashMap<>();
                stanzas.add(current);
                continue;
            }
            int eq = raw.indexOf('=');
            if (current == null || eq < 0) {
                throw new IllegalArgumentException("line '" + raw + "' is not inside a stanza or has no '='");
            }
            current.put(raw.substring(0, eq).strip(), raw.substring(eq + 1).strip());
        }
        String cluster = null;
        List<NodeAddress> nodes = new ArrayList<>();
        for (int i = 0; i < stanzas.size(); i++) {
            Map<String, String> s = stanzas.get(i);
            switch (kinds.get(i)) {
                case "cluster" -> cluster = cluster == null ? s.get("name") : cluster;
                case "node" -> nodes.add(new NodeAddress(require(s, "name"), Integer.parseInt(require(s, "number")),
                        require(s, "ip_address"), Integer.parseInt(require(s, "ip_port"))));
                default -> { }
            }
        }
        return new Contents(cluster, nodes);
    }

    private static String require(Map<String, String> stanza, String key) {
        String v = stanza.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("a node stanza has no " + key + " (" + stanza + ")");
        }
        return v;
    }
}
