package io.o2pool.cluster.fence;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command for a fence action; a seam so tests never reboot the machine. */
@FunctionalInterface
public interface CommandRunner {

    /** Runs {@code argv} with extra environment variables, waiting at most {@code timeout}; returns the exit code. */
    int run(List<String> argv, Map<String, String> env, Duration timeout) throws IOException, InterruptedException;

    /** The real runner: inherits stdout/stderr, kills the command when it exceeds the timeout. */
    static CommandRunner system() {
        return (argv, env, timeout) -> {
            ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("fence command " + argv + " did not finish within " + timeout);
            }
            return p.exitValue();
        };
    }
}
