package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.ClusterConf;

import java.util.List;

/**
 * One run of an o2cb command: its arguments (argv[0] is the command word, as the tool passes them), the loaded
 * configuration, the verbosity (-v count) and where output goes. The command returns a {@link O2cbOutcome}.
 */
record O2cbCall(O2cbCommand command, List<String> argv, ClusterConf conf, int verbosity, ToolOutput out) {
    /** o2cb's {@code VL_APP} messages show from one -v. */
    void verbose(String message) {
        if (verbosity >= 1) {
            out.err(message + "\n");
        }
    }

    /** o2cb's {@code VL_DEBUG} messages show from three -v. */
    void debug(String message) {
        if (verbosity >= 3) {
            out.err(message + "\n");
        }
    }

    /** {@code o2cb: message}, and the exit code 1. */
    O2cbOutcome fail(String message) {
        out.err("o2cb: " + message + "\n");
        return O2cbOutcome.exit(1);
    }

    /** The command's usage line, and the exit code 1. */
    O2cbOutcome usage() {
        out.err(command.usageLine());
        return O2cbOutcome.exit(1);
    }
}
