package io.o2pool.ocfs2.superblock;

import io.o2pool.ocfs2.tool.ToolResult;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code o2pool ocfs2 inspect DEVICE [--json]}: shows a volume's superblock (UUID, label, slots, local or cluster
 * mode, stack, cluster name) so an operator can check a repository before adding a server, without ocfs2-tools.
 * Exit codes: 0 shown, 1 not readable or not OCFS2, 2 command-line error.
 */
public final class OcfsInspectCommand {
    /** The usage text. */
    public static final String USAGE = """
            usage: o2pool ocfs2 inspect DEVICE [--json]
              Reads the OCFS2 superblock of DEVICE (a block device or an image file) and shows its label, UUID,
              node slots, local/cluster mode, cluster stack and cluster name; --json prints one JSON object.
            """;

    private OcfsInspectCommand() {
    }

    /** Runs the command with the arguments after {@code inspect}. */
    public static ToolResult run(List<String> args) {
        boolean json = false;
        String device = null;
        for (String arg : args) {
            switch (arg) {
                case "--json" -> json = true;
                case "-h", "--help" -> {
                    return ToolResult.ok(USAGE);
                }
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        return ToolResult.failure(2, "o2pool ocfs2 inspect: unknown option " + arg + "\n" + USAGE);
                    }
                    if (device != null) {
                        return ToolResult.failure(2, "o2pool ocfs2 inspect: only one DEVICE, got " + device
                                + " and " + arg + "\n" + USAGE);
                    }
                    device = arg;
                }
            }
        }
        if (device == null) {
            return ToolResult.failure(2, "o2pool ocfs2 inspect: DEVICE is missing\n" + USAGE);
        }
        try {
            OcfsSuperblock sb = SuperblockReader.read(Path.of(device));
            return ToolResult.ok(json ? SuperblockReport.json(device, sb) : SuperblockReport.text(device, sb));
        } catch (SuperblockException e) {
            return ToolResult.failure(1, "o2pool ocfs2 inspect: " + e.getMessage() + "\n");
        }
    }
}
