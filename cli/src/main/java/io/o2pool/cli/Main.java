package io.o2pool.cli;

import io.o2pool.cli.bench.BenchCommand;
import io.o2pool.cli.client.ClientEnvironment;
import io.o2pool.cli.client.ClientFactory;
import io.o2pool.cli.client.EventsCommand;
import io.o2pool.cli.client.VmCommand;
import io.o2pool.cli.client.JobCommand;
import io.o2pool.cli.client.LoginCommand;
import io.o2pool.cli.client.PlanCommand;
import io.o2pool.cli.client.PoolCommand;
import io.o2pool.cli.client.ServerCommand;
import io.o2pool.cli.client.UserCommand;
import io.o2pool.cli.daemons.AgentCommand;
import io.o2pool.cli.daemons.ClusterCommand;
import io.o2pool.cli.daemons.ManagerCommand;
import io.o2pool.cli.demo.DemoCommand;
import io.o2pool.cli.tools.O2cbCommand;
import io.o2pool.cli.tools.O2cbCtlCommand;
import io.o2pool.cli.tools.Ocfs2Command;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of the {@code o2pool} command: dispatches to the subcommands and exits with their code. */
@Command(name = "o2pool", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Server-pool manager for hosts sharing an OCFS2/O2CB cluster.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, LoginCommand.class, PoolCommand.class,
            ServerCommand.class, VmCommand.class, PlanCommand.class, JobCommand.class, EventsCommand.class,
            UserCommand.class,
            ManagerCommand.class,
            AgentCommand.class, ClusterCommand.class, BenchCommand.class,
            O2cbCommand.class, O2cbCtlCommand.class, Ocfs2Command.class})
public final class Main implements Runnable {
    /** The commands that take their arguments untouched, as the program they run parses them. */
    static final Set<String> RAW_ARGUMENTS = Set.of("o2cb", "o2cb_ctl", "ocfs2", "agent", "manager", "cluster",
            "bench");
    /**
     * The commands whose own program answers {@code -h}/{@code --help}: the ocfs2-tools emulations (exactly as the
     * real tools do) and the daemons (their full option lists). Every other command and group gets picocli's.
     */
    static final Set<String> OWN_HELP = Set.of("o2cb", "o2cb_ctl", "agent", "manager");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, in the process's environment. */
    public static CommandLine commandLine() {
        return commandLine(ClientEnvironment.system());
    }

    /**
     * The configured command line whose manager client commands run in {@code environment}; the tool commands get
     * their arguments untouched, and every command and group answers {@code -h}/{@code --help} with its usage.
     */
    public static CommandLine commandLine(ClientEnvironment environment) {
        CommandLine cl = new CommandLine(new Main(), new ClientFactory(environment));
        cl.setOut(new PrintWriter(environment.out(), true));
        cl.setErr(new PrintWriter(environment.err(), true));
        cl.setExpandAtFiles(false);
        for (String raw : RAW_ARGUMENTS) {
            CommandLine sub = cl.getSubcommands().get(raw);
            sub.setUnmatchedOptionsArePositionalParams(true);
            sub.setUnmatchedOptionsAllowedAsOptionParameters(true);
            sub.setEndOfOptionsDelimiter("\u0000--");
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (!OWN_HELP.contains(name)) {
                addHelpOption(sub);
            }
        });
        return cl;
    }

    /**
     * Gives a command and all its subcommands {@code -h}/{@code --help} unless they declare it: picocli adds it only
     * where {@code mixinStandardHelpOptions} is set, so without this {@code o2pool server --help} is an unknown option.
     */
    private static void addHelpOption(CommandLine command) {
        if (command.getCommandSpec().findOption("--help") == null) {
            command.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        command.getSubcommands().values().forEach(Main::addHelpOption);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
