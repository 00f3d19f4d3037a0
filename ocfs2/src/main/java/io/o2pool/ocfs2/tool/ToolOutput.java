package io.o2pool.ocfs2.tool;

/** What an emulated tool prints while it runs, collected in order for one {@link ToolResult}. Not thread-safe. */
final class ToolOutput {
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();

    ToolOutput out(String text) {
        stdout.append(text);
        return this;
    }

    ToolOutput err(String text) {
        stderr.append(text);
        return this;
    }

    /** Appends {@code line} and a newline to stderr. */
    ToolOutput errLine(String line) {
        stderr.append(line).append('\n');
        return this;
    }

    ToolResult result(int exitCode) {
        return new ToolResult(exitCode, stdout.toString(), stderr.toString());
    }
}
