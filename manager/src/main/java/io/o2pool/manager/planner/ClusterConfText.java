package io.o2pool.manager.planner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Renders a {@link ClusterSpec} as cluster.conf text in the layout {@code o2cb add-cluster}/{@code add-node} of
 * ocfs2-tools 1.8 writes (cluster stanza first, tab-indented keys, a blank line after each stanza), nodes by number.
 * Pure; the same spec always gives the same bytes, which is what keeps every member byte-identical.
 */
public final class ClusterConfText {
    private ClusterConfText() {
    }

    public static String render(ClusterSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("cluster:\n");
        out.append("\tname = ").append(spec.clusterName()).append('\n');
        out.append("\theartbeat_mode = ").append(spec.heartbeatMode().name().toLowerCase(Locale.ROOT)).append('\n');
        out.append("\tnode_count = ").append(spec.nodes().size()).append('\n');
        out.append('\n');
        for (NodeSpec n : spec.nodes()) {
            out.append("node:\n");
            out.append("\tcluster = ").append(spec.clusterName()).append('\n');
            out.append("\tnumber = ").append(n.number()).append('\n');
            out.append("\tip_port = ").append(spec.ipPort()).append('\n');
            out.append("\tip_address = ").append(n.ipAddress()).append('\n');
            out.append("\tname = ").append(n.nodeName()).append('\n');
            out.append('\n');
        }
        return out.toString();
    }

    /** SHA-256 of the text's UTF-8 bytes, in lower-case hex: the checksum agents report for their live config. */
    public static String checksum(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
