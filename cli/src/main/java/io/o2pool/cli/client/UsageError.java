package io.o2pool.cli.client;

/**
 * A command line or input file the command cannot use, found before anything is sent to the manager; the message
 * names the value (and the file and line) and what to write instead. Exits with {@link ExitCode#USAGE}.
 */
public final class UsageError extends Exception {
    public UsageError(String message) {
        super(message);
    }
}
