package io.o2pool.cli.bench;

import io.o2pool.cluster.bench.ClusterBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code o2pool bench cluster ...}: benchmarks that print figures (not tests); see docs/benchmarks.md. */
@Command(name = "bench", description = {"Benchmarks that print figures:",
    "  cluster detection [--kills 20 --threshold 7]",
    "  cluster footprint --nodes N [--jvms K --seconds 60]",
    "  cluster false-deaths [--minutes 10 --threshold 7]",
    "  add-server [--short-timeouts]   (manager + real agents in this JVM: pools of 1, 8, 32, 64; batches of 16, 64)"})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "cluster ... | add-server ...")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        if (!args.isEmpty() && args.get(0).equals("add-server")) {
            AddServerBench.run(args.subList(1, args.size()), System.out);
            return 0;
        }
        if (args.isEmpty() || !args.get(0).equals("cluster")) {
            System.err.println("o2pool bench: usage: bench cluster detection|footprint|false-deaths ... | bench add-server");
            return 2;
        }
        ClusterBench.main(args.subList(1, args.size()).toArray(String[]::new));
        return 0;
    }
}
