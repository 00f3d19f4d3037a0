package io.o2pool.ocfs2.tool;

/**
 * The outcome of one run of a tool emulated in-process ({@code o2cb}, {@code o2cb_ctl}, {@code ocfs2 inspect}):
 * the exit code and the exact text for stdout and stderr, so the CLI only prints and tests compare with the real tool.
 */
public record ToolResult(int exitCode, String stdout, String stderr) {
    public static ToolResult ok(String stdout) {
        return new ToolResult(0, stdout, "");
    }

    public static ToolResult failure(int exitCode, String stderr) {
        return new ToolResult(exitCode, "", stderr);
    }
}
