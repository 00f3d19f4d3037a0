package io.o2pool.cli.daemons;

import io.o2pool.manager.ManagerMain;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code o2pool manager ...}: runs the manager (REST API, web UI, job engine) until SIGTERM. */
@Command(name = "manager", description = {"Runs the manager: REST API, web UI and job engine.",
    "See 'o2pool manager --help' for the options."})
public final class ManagerCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "OPTION", description = "Manager options (o2pool manager --help).")
    List<String> args = List.of();

    @Override
    public Integer call() {
        return ManagerMain.run(args);
    }
}
