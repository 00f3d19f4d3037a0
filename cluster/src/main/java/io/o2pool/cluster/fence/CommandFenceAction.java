package io.o2pool.cluster.fence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fences by running the operator's command (a power switch, a hypervisor call), with the record's facts in
 * the environment: {@code O2POOL_FENCE_NODE}, {@code O2POOL_FENCE_NODE_NUMBER}, {@code O2POOL_FENCE_RULE},
 * {@code O2POOL_FENCE_RECORD} (path of the JSON record). A non-zero exit is an error the node reports.
 */
public final class CommandFenceAction implements FenceAction {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<String> argv;
    private final CommandRunner runner;
    private volatile Path recordPath;

    public CommandFenceAction(List<String> argv, CommandRunner runner) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("fence method 'command' needs a command");
        }
        this.argv = List.copyOf(argv);
        this.runner = runner;
    }

    /** Where the record of the fence about to run was written (passed as O2POOL_FENCE_RECORD). */
    public void recordWrittenTo(Path path) {
        this.recordPath = path;
    }

    @Override
    public void fence(FenceRecord record) throws IOException, InterruptedException {
        Map<String, String> env = Map.of(
                "O2POOL_FENCE_NODE", record.node(),
                "O2POOL_FENCE_NODE_NUMBER", Integer.toString(record.nodeNumber()),
                "O2POOL_FENCE_RULE", record.rule().name(),
                "O2POOL_FENCE_RECORD", recordPath == null ? "" : recordPath.toString());
        int rc = runner.run(argv, env, TIMEOUT);
        if (rc != 0) {
            throw new IOException("fence command " + argv + " exited with " + rc);
        }
    }
}
