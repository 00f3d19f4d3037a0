package io.o2pool.cli.tools;

import io.o2pool.ocfs2.superblock.OcfsInspectCommand;
import picocli.CommandLine.Command;

/** {@code o2pool ocfs2 inspect DEVICE [--json]}: reads an OCFS2 superblock from a device or image. */
@Command(name = "ocfs2", description = {
    "OCFS2 volumes:",
    "  inspect DEVICE|IMAGE [--json]",
    "      label, UUID, block/cluster size, slots, mode, stack, cluster"})
public final class Ocfs2Command extends RawArgsCommand {
    @Override
    public Integer call() {
        if (args.isEmpty() || !args.get(0).equals("inspect")) {
            System.err.println("o2pool ocfs2: usage: ocfs2 inspect DEVICE [--json]");
            return 2;
        }
        return print(OcfsInspectCommand.run(args.subList(1, args.size())), System.out, System.err);
    }
}
