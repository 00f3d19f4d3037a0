package io.o2pool.agent.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

/**
 * The kernel cluster stack's own view of its peers, from debugfs (root normally {@code /sys/kernel/debug}):
 * {@code o2hb/livenodes}, which {@code fs/ocfs2/cluster/heartbeat.c} fills with the node numbers of the heartbeat's
 * live bitmap, and {@code o2net/connected_nodes}, which {@code netdebug.c} fills with the nodes o2net has a handshaken
 * connection to; both are node numbers separated by spaces ({@code "0 1 "}). Configfs holds the configured nodes but
 * neither liveness nor connections, so this is where per-node liveness comes from; each is empty when debugfs is not
 * mounted or not readable (then only this node's own heartbeat is known). A plain directory stands in for debugfs in
 * tests. Reads the files afresh on each call.
 */
public final class O2hbLiveNodes {
    private final Path debugfs;
    private final Path liveFile;
    private final Path connectedFile;

    public O2hbLiveNodes(Path debugfs) {
        this.debugfs = debugfs;
        this.liveFile = debugfs.resolve("o2hb").resolve("livenodes");
        this.connectedFile = debugfs.resolve("o2net").resolve("connected_nodes");
    }

    /** The debugfs root these files are read from. */
    public Path debugfs() {
        return debugfs;
    }

    /** The node numbers the disk heartbeat sees live, or empty when the file cannot be read. */
    public Optional<BitSet> read() {
        return bitmap(liveFile);
    }

    /**
     * The node numbers o2net is connected to (never the local node: o2net does not connect to itself), or empty when
     * the file cannot be read.
     */
    public Optional<BitSet> connected() {
        return bitmap(connectedFile);
    }

    private static Optional<BitSet> bitmap(Path file) {
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            BitSet nodes = new BitSet();
            for (String token : Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+")) {
                if (token.matches("\\d{1,3}") && Integer.parseInt(token) < 255) {
                    nodes.set(Integer.parseInt(token));
                }
            }
            return Optional.of(nodes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
