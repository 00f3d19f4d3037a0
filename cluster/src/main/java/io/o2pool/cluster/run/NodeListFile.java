package io.o2pool.cluster.run;

import io.o2pool.cluster.NodeAddress;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfReader;
import io.o2pool.ocfs2.conf.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the cluster's node list for {@code o2pool cluster run --config FILE}: either a cluster.conf, loaded by the
 * {@code ocfs2} module's {@link ConfReader} exactly as ocfs2-tools load it (a file they reject fails with the
 * parser's line and column), or a plain list with one {@code NAME NUMBER IP[:PORT]} per line ({@code #} comments).
 * Pure apart from reading the file; thread-safe (stateless).
 */
public final class NodeListFile {
    /** A stanza header ({@code node:}) or a {@code key = value} line marks the file as a cluster.conf. */
    private static final Pattern CONF_LINE =
            Pattern.compile("(?m)^[ \\t]*[A-Za-z_]+[ \\t]*(?::[ \\t]*\\r?$|=)");

    /** The cluster's name (null when the file does not say) and its nodes. */
    public record Contents(String clusterName, List<NodeAddress> nodes) {
        public Contents {
            nodes = List.copyOf(nodes);
        }
    }

    private NodeListFile() {
    }

    /** Reads {@code file}, detecting its format; in a cluster.conf, takes its first cluster. */
    public static Contents read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads {@code file}, detecting its format. In a cluster.conf, takes the cluster named {@code clusterName}, or
     * the first one when that is null; a plain list has no cluster name.
     *
     * @throws IOException when the file cannot be read or does not load, the message naming the file, the line (and
     *                     column) and what was expected
     */
    public static Contents read(Path file, String clusterName) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.UTF_8);
        try {
            return CONF_LINE.matcher(text).find() ? readConf(content, clusterName) : readList(text);
        } catch (ConfParseException | IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Contents readConf(byte[] content, String clusterName) throws ConfParseException {
        ClusterConf conf = ConfReader.parse(content).conf();
        List<String> names = conf.clusters().stream().map(Cluster::name).toList();
        Cluster cluster;
        if (clusterName != null) {
            cluster = conf.cluster(clusterName).orElseThrow(() -> new IllegalArgumentException("cluster.conf defines no"
                    + " cluster '" + clusterName + "' (it defines " + names + "); pass --cluster with one of them"));
        } else {
            cluster = conf.clusters().stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "cluster.conf defines no cluster; add a cluster: stanza and its node: stanzas"));
        }
        List<NodeAddress> nodes = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            nodes.add(address(n));
        }
        return new Contents(cluster.name(), nodes);
    }

    /** A node as the cluster stack takes it; values ocfs2-tools load but o2cb cannot run with are refused here. */
    private static NodeAddress address(Node n) {
        if (n.number() > 254) {
            throw new IllegalArgumentException("node " + n.name() + ": Nodenum should be >=0 and < 255 but is "
                    + n.number());
        }
        if (n.port() < 1 || n.port() > 65534) {
            throw new IllegalArgumentException("node " + n.name() + ": ip_port " + n.port()
                    + " is outside 1..65534; use the cluster's port (7777 by default)");
        }
        return new NodeAddress(n.name(), (int) n.number(), n.ipAddress(), (int) n.port());
    }

    private static Contents readList(String text) {
        List<NodeAddress> nodes = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                nodes.add(listEntry(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Contents(null, nodes);
    }

    private static NodeAddress listEntry(String line) {
        String[] f = line.split("\\s+");
        String[] hostPort = f.length == 3 ? f[2].split(":", -1) : new String[0];
        if (f.length != 3 || hostPort.length > 2 || !f[1].matches("\\d{1,3}")
                || hostPort.length == 2 && !hostPort[1].matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + line + "' is not 'NAME NUMBER IP[:PORT]' (e.g. vm-host02 1 "
                    + "192.168.3.152:7777)");
        }
        int port = hostPort.length == 2 ? Integer.parseInt(hostPort[1]) : NodeAddress.DEFAULT_PORT;
        return new NodeAddress(f[0], Integer.parseInt(f[1]), hostPort[0], port);
    }
}
