package io.o2pool.cluster.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.cluster.heartbeat.RegionDump;
import io.o2pool.cluster.heartbeat.RegionFile;
import io.o2pool.cluster.heartbeat.RegionStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code o2pool cluster region DIR|IMAGE [--json]}: dumps a heartbeat region as {@code debugfs.ocfs2 -R hb} does
 * (slot, node, seq, generation, checksum, dead ms), or as JSON with whether each checksum is valid. DIR is a
 * shared repository folder (its {@code heartbeat} region file); anything else is taken as an OCFS2 image or
 * device whose heartbeat file is located with the real {@code debugfs.ocfs2}. Exit codes: 0 shown, 1 unreadable,
 * 2 bad arguments.
 */
public final class RegionCommand {
    private RegionCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    /** Runs the command with {@code args}; returns the exit code. */
    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = args.contains("--json");
        List<String> rest = args.stream().filter(a -> !a.equals("--json")).toList();
        if (rest.size() != 1 || rest.get(0).startsWith("--")) {
            err.println("usage: o2pool cluster region DIR|IMAGE [--json]");
            return 2;
        }
        Path target = Path.of(rest.get(0));
        byte[] region;
        int blockBytes;
        try (RegionStore file = Files.isDirectory(target) ? openExisting(target) : RegionStore.openVolume(target)) {
            blockBytes = file.blockBytes();
            region = new byte[file.slotCount() * blockBytes];
            file.read(0, file.slotCount(), region);
        } catch (IOException | RuntimeException e) {
            err.println("o2pool cluster region: " + target + ": " + e.getMessage());
            return 1;
        }
        if (!json) {
            out.print(RegionDump.format(region, blockBytes));
            return 0;
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode arr = mapper.createArrayNode();
        for (RegionDump.Slot s : RegionDump.slots(region, blockBytes)) {
            ObjectNode o = arr.addObject();
            o.put("slot", s.slot());
            o.put("node", s.block().node());
            o.put("seq", s.block().seq());
            o.put("generation", String.format("%016x", s.block().generation()));
            o.put("checksum", String.format("%08x", s.block().checksumUnsigned()));
            o.put("deadMs", Integer.toUnsignedLong(s.block().deadMs()));
            o.put("checksumValid", s.checksumValid());
        }
        out.println(arr.toString());
        return 0;
    }

    private static RegionFile openExisting(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(RegionFile.REGION_FILE_NAME))) {
            throw new IOException("no region file " + RegionFile.REGION_FILE_NAME + " in " + dir
                    + "; is this the repository folder the nodes heartbeat in?");
        }
        return RegionFile.openShared(dir);
    }
}
