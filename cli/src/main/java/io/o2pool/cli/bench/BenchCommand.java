package io.o2pool.cli.bench;

import io.o2pool.cluster.bench.ClusterBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool bench add-server|cluster ...}: benchmarks that print figures (not tests); see docs/benchmarks.md. Each
 * is a subcommand so that {@code --help} prints its usage and runs nothing.
 */
@Command(name = "bench", description = "Benchmarks that print figures (minutes each; see docs/benchmarks.md).",
        subcommands = {BenchCommand.AddServer.class, BenchCommand.Cluster.class})
public final class BenchCommand {
    private BenchCommand() {
    }

    /** Add Server through the REST API with a real manager and real agents in this JVM. */
    @Command(name = "add-server", description = {"Add Server -> ACTIVE with a manager and real agents in this JVM.",
        "Through the REST API, real agents on 127.0.2.x: pools of 1, 8, 32 and 64, batches",
        "of 16 and 64, each with its preflight/stage/commit/wait_live split."})
    public static final class AddServer implements Callable<Integer> {
        @Option(names = "--short-timeouts", description = "The minimum o2cb timings (7 / 5000 / 1000 / 2000) instead"
                + " of the defaults.")
        boolean shortTimeouts;
        @Option(names = "--runs", paramLabel = "RUN[,RUN...]", split = ",", description = "Only these figures: 1, 8,"
                + " 32, 64 (pools of that size), b16, b64 (batches); default: all.")
        List<String> runs = List.of();

        @Override
        public Integer call() throws Exception {
            for (String r : runs) {
                if (!AddServerBench.RUNS.contains(r)) {
                    System.err.println("o2pool bench add-server: unknown run '" + r + "'; use some of "
                            + String.join(",", AddServerBench.RUNS) + " (o2pool bench add-server --help)");
                    return 2;
                }
            }
            List<String> args = new ArrayList<>();
            if (shortTimeouts) {
                args.add("--short-timeouts");
            }
            if (!runs.isEmpty()) {
                args.addAll(List.of("--runs", String.join(",", runs)));
            }
            AddServerBench.run(args, System.out);
            return 0;
        }
    }

    /** The cluster stack with real nodes (real region file, real TCP on 127.0.1.x). */
    @Command(name = "cluster", description = {"The cluster stack with real nodes (region file, TCP on 127.0.1.x):",
        "  detection    [--kills 20] [--threshold 7]",
        "      crashes of one of 3 nodes: detection latency against the bound",
        "  footprint    --nodes N [--jvms K] [--seconds 60]",
        "      CPU time, RSS and own write latency per node",
        "  false-deaths [--minutes 10] [--threshold 7]",
        "      a loaded machine: node-down events that are not real",
        "  common: [--port 7777] [--dir DIR] (region folder; default: a new one)"})
    public static final class Cluster implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "BENCHMARK", description = "detection | footprint | false-deaths")
        String benchmark;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "OPTION", description = "--NAME VALUE pairs (above).")
        List<String> options = List.of();

        @Override
        public Integer call() throws Exception {
            if (!List.of("detection", "footprint", "false-deaths").contains(benchmark)) {
                System.err.println("o2pool bench cluster: unknown benchmark '" + benchmark
                        + "'; use detection, footprint or false-deaths (o2pool bench cluster --help)");
                return 2;
            }
            List<String> args = new ArrayList<>(List.of(benchmark));
            args.addAll(options);
            ClusterBench.main(args.toArray(String[]::new)); // exits the JVM when done
            return 0;
        }
    }
}
