package io.o2pool.agent.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

/**
 * The kernel heartbeat's own view of which nodes are live: {@code <debugfs>/o2hb/livenodes} (root normally
 * {@code /sys/kernel/debug}), which {@code fs/ocfs2/cluster/heartbeat.c} fills with the node numbers of its live
 * bitmap, separated by spaces ({@code "0 1 "}). Configfs holds the configured nodes but no liveness, so this is where
 * per-node liveness comes from; empty when debugfs is not mounted or not readable (then only this node's own
 * heartbeat is known). A plain directory stands in for debugfs in tests.
 */
public final class O2hbLiveNodes {
    private final Path file;

    public O2hbLiveNodes(Path debugfs) {
        this.file = debugfs.resolve("o2hb").resolve("livenodes");
    }

    /** The live node numbers, or empty when the file cannot be read. */
    public Optional<BitSet> read() {
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            BitSet live = new BitSet();
            for (String token : Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+")) {
                if (token.matches("\\d{1,3}") && Integer.parseInt(token) < 255) {
                    live.set(Integer.parseInt(token));
                }
            }
            return Optional.of(live);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
