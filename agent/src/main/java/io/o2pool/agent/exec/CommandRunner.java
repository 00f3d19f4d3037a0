package io.o2pool.agent.exec;

import java.util.List;

/**
 * Runs an external program (ocfs2-tools, mount, virsh); the one seam through which drivers touch the host, so tests
 * replace it by a scripted fake and assert the exact commands. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CommandRunner {
    /** Runs {@code command} (argv, no shell) and waits for it; never throws for a non-zero exit, only for a failure to start. */
    CommandResult run(List<String> command);

    /** Runs {@code command} and fails with {@link CommandFailedException} naming the command unless it exits 0. */
    default CommandResult require(List<String> command) {
        CommandResult result = run(command);
        if (!result.ok()) {
            throw new CommandFailedException(result);
        }
        return result;
    }
}
