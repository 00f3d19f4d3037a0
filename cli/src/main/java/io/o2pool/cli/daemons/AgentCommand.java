package io.o2pool.cli.daemons;

import io.o2pool.agent.AgentMain;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code o2pool agent ...}: runs the agent daemon of this server until SIGTERM; options as in {@code --help}. */
@Command(name = "agent", description = {"Runs this server's agent (HTTPS API on port 8899 by default).",
    "See 'o2pool agent --help' for the options."})
public final class AgentCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "OPTION", description = "Agent options (o2pool agent --help).")
    List<String> args = List.of();

    @Override
    public Integer call() {
        return AgentMain.run(args);
    }
}
