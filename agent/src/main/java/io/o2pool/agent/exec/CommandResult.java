package io.o2pool.agent.exec;

import java.util.List;

/** What one external command did — its argv, exit code and output — so drivers can report a failure with the exact command. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** A one-line description for error messages: {@code `o2cb register-cluster ocfs2` exited 1: <stderr>}. */
    public String describe() {
        String err = stderr.isBlank() ? stdout.strip() : stderr.strip();
        return "`" + String.join(" ", command) + "` exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
    }
}
