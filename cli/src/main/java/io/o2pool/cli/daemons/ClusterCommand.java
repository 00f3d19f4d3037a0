package io.o2pool.cli.daemons;

import io.o2pool.cluster.run.ClusterRunner;
import io.o2pool.cluster.run.RegionCommand;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool cluster run|region}: one node of the userspace O2CB stack in the foreground (until SIGTERM), or a
 * dump of a heartbeat region (folder or OCFS2 image) as {@code debugfs.ocfs2 -R hb} shows it.
 */
@Command(name = "cluster", description = {"The userspace O2CB stack:",
    "  run --node NAME --config cluster.conf|node-list",
    "      (--region-dir DIR | --image FILE) [--o2cb FILE]",
    "      [--dead-threshold N] [--idle-timeout-ms N] [--keepalive-delay-ms N]",
    "      [--reconnect-delay-ms N] [--cluster NAME] [--fence stop|command|reboot]",
    "      [--fence-command CMD] [--events json|text]",
    "      exit 0 stopped cleanly, 1 could not start, 2 bad arguments, 3 fenced",
    "  region DIR|IMAGE [--json]   the heartbeat blocks of a region"})
public final class ClusterCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "run ... | region ...")
    List<String> args = List.of();

    @Override
    public Integer call() {
        if (args.isEmpty()) {
            System.err.println("o2pool cluster: usage: cluster run ... | cluster region DIR|IMAGE [--json]");
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "run" -> ClusterRunner.run(rest);
            case "region" -> RegionCommand.run(rest);
            default -> {
                System.err.println("o2pool cluster: unknown verb '" + args.get(0) + "'; use run or region");
                yield 2;
            }
        };
    }
}
