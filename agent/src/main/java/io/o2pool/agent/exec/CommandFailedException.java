package io.o2pool.agent.exec;

/** A host command that exited non-zero; the message names the command, its exit code and what it printed. */
public final class CommandFailedException extends RuntimeException {
    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super(result.describe());
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
