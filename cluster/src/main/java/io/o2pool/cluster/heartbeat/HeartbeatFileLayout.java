package io.o2pool.cluster.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the heartbeat system file ({@code //heartbeat}) of an OCFS2 volume lies on the device: its size and
 * extents, as the real {@code debugfs.ocfs2} reports them ({@code stats} for the block and cluster sizes,
 * {@code stat //heartbeat} for the extent list). The kernel's region starts at the file's first block
 * ({@code start_block} in sectors = block# × blocksize / 512) and slot {@code i} is the i-th 512-byte block
 * of the file. Immutable.
 *
 * @param blockSizeBytes   filesystem block size
 * @param clusterSizeBytes filesystem cluster size
 * @param fileSizeBytes    size of the heartbeat file
 * @param extents          the file's extents in logical order
 */
public record HeartbeatFileLayout(int blockSizeBytes, int clusterSizeBytes, long fileSizeBytes, List<Extent> extents) {
    private static final Pattern BITS = Pattern.compile("Block Size Bits: (\\d+)\\s+Cluster Size Bits: (\\d+)");
    private static final Pattern SIZE = Pattern.compile("Size: (\\d+)");
    private static final Pattern DEPTH = Pattern.compile("Tree Depth: (\\d+)");
    private static final Pattern EXTENT = Pattern.compile("^\\s*\\d+\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+0x[0-9a-fA-F]+\\s*$",
            Pattern.MULTILINE);

    /**
     * One extent of the file: clusters {@code [cpos, cpos + clusters)} of the file start at filesystem block
     * {@code blockNumber}.
     */
    public record Extent(long cpos, long clusters, long blockNumber) {
    }

    public HeartbeatFileLayout {
        extents = List.copyOf(extents);
    }

    /** Runs the real {@code debugfs.ocfs2} on {@code image} (a device or image file) and reads the layout. */
    public static HeartbeatFileLayout probe(Path image) throws IOException {
        Path debugfs = findTool("debugfs.ocfs2");
        String stats = run(debugfs, "stats", image);
        String stat = run(debugfs, "stat //heartbeat", image);
        return parse(stats, stat, image.toString());
    }

    /** Parses the outputs of {@code debugfs.ocfs2 -R stats} and {@code -R "stat //heartbeat"}. */
    public static HeartbeatFileLayout parse(String statsOutput, String statOutput, String device) throws IOException {
        Matcher bits = BITS.matcher(statsOutput);
        if (!bits.find()) {
            throw new IOException(device + " is not an OCFS2 volume: debugfs.ocfs2 stats shows no block size");
        }
        int blockSize = 1 << Integer.parseInt(bits.group(1));
        int clusterSize = 1 << Integer.parseInt(bits.group(2));
        Matcher depth = DEPTH.matcher(statOutput);
        if (depth.find() && !depth.group(1).equals("0")) {
            throw new IOException("the heartbeat file of " + device + " has an extent tree of depth " + depth.group(1)
                    + "; only inline extent lists (depth 0, as mkfs.ocfs2 makes) are supported");
        }
        Matcher size = SIZE.matcher(statOutput);
        if (!size.find()) {
            throw new IOException("debugfs.ocfs2 shows no heartbeat file on " + device);
        }
        long fileSize = Long.parseLong(size.group(1));
        int table = statOutput.indexOf("## Offset");
        if (table < 0) {
            throw new IOException("debugfs.ocfs2 shows no extent list for the heartbeat file of " + device);
        }
        List<Extent> extents = new ArrayList<>();
        Matcher m = EXTENT.matcher(statOutput.substring(table));
        while (m.find()) {
            extents.add(new Extent(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        }
        if (extents.isEmpty()) {
            throw new IOException("the heartbeat file of " + device + " has no extents");
        }
        return new HeartbeatFileLayout(blockSize, clusterSize, fileSize, extents);
    }

    /** Slots of {@code slotBytes} the file holds, at most 255. */
    public int slotCount(int slotBytes) {
        return (int) Math.min(HeartbeatTiming.MAX_NODES, fileSizeBytes / slotBytes);
    }

    /** Byte offset on the device of slot {@code slot} (slots of {@code slotBytes} from the file's start). */
    public long byteOffsetOfSlot(int slot, int slotBytes) {
        long logical = (long) slot * slotBytes;
        long cluster = logical / clusterSizeBytes;
        for (Extent e : extents) {
            if (cluster >= e.cpos() && cluster < e.cpos() + e.clusters()) {
                return e.blockNumber() * blockSizeBytes + (logical - e.cpos() * clusterSizeBytes);
            }
        }
        throw new IllegalArgumentException("slot " + slot + " lies outside the heartbeat file's extents " + extents);
    }

    /** The kernel's region {@code start_block} in units of {@code blockBytes} (2184 for block 273 of 4 KiB). */
    public long startBlock(int blockBytes) {
        return byteOffsetOfSlot(0, blockBytes) / blockBytes;
    }

    static Path findTool(String name) throws IOException {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IOException(name + " is not installed; install the ocfs2-tools package");
    }

    private static String run(Path debugfs, String request, Path image) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(debugfs.toString(), "-R", request, image.toString());
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("debugfs.ocfs2 -R '" + request + "' " + image + " did not finish in 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("debugfs.ocfs2 -R '" + request + "' " + image + " failed (rc " + p.exitValue()
                        + "): " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running debugfs.ocfs2", e);
        }
    }
}
