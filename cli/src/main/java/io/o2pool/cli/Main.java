package io.o2pool.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code o2pool} command: dispatches to the subcommands and exits with their code. */
@Command(name = "o2pool", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Server-pool manager for hosts sharing an OCFS2/O2CB cluster.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
