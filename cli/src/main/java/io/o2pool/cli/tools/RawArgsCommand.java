package io.o2pool.cli.tools;

import io.o2pool.ocfs2.tool.ToolResult;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;

/**
 * Base of the commands that emulate an ocfs2-tools program: picocli passes every argument through untouched
 * (the emulated tool parses them exactly as the real one does) and the result is printed verbatim.
 */
abstract class RawArgsCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "Arguments, exactly as the real tool takes them.")
    List<String> args = List.of();

    /** Prints a tool result to the process's streams and returns its exit code. */
    static int print(ToolResult result, PrintStream out, PrintStream err) {
        out.print(result.stdout());
        out.flush();
        err.print(result.stderr());
        err.flush();
        return result.exitCode();
    }
}
