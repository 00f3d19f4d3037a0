package io.o2pool.e2e.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the end-to-end tests, stopped only by its own PID: SIGTERM ({@link #stop}) or SIGKILL
 * ({@link #kill9}, as {@code kill -9 PID}). Its output goes to a file the failure messages point at.
 */
final class ChildProcess {
    private final Process process;
    private final Path output;

    ChildProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path outputFile() {
        return output;
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** SIGKILL by PID; waits until the process is gone. */
    void kill9() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        process.onExit().join();
    }

    /** SIGTERM by PID and wait up to 20 s (then SIGKILL). */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }
}
