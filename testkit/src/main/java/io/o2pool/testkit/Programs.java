package io.o2pool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs real external programs (ocfs2-tools above all) for differential tests, capturing stdout, stderr
 * and the exit code. A program that is missing is a test failure naming the package to install, never a
 * silent skip: {@code ./test} installs everything the tests need.
 */
public final class Programs {
    private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin"), Path.of("/sbin"),
            Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/bin"), Path.of("/usr/local/sbin"));

    private Programs() {
    }

    /** Finds {@code name} in the system directories, or fails naming the Debian package that has it. */
    public static Path require(String name, String debianPackage) {
        for (Path dir : SEARCH) {
            Path candidate = dir.resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not installed; run ./test (it installs " + debianPackage
                + ") or apt-get install " + debianPackage);
    }

    /** Path of an ocfs2-tools program ({@code o2cb}, {@code mkfs.ocfs2}, {@code tunefs.ocfs2}, ...). */
    public static Path ocfs2Tool(String name) {
        return require(name, "ocfs2-tools");
    }

    /** Runs a program with the given arguments in {@code workDir}, waiting at most 60 s. */
    public static ExecResult run(Path workDir, List<String> command) {
        return run(workDir, command, "");
    }

    /** Runs a program feeding {@code stdin} to it, waiting at most 60 s. */
    public static ExecResult run(Path workDir, List<String> command, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile());
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the program did not read its input; its output still tells what happened
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after 60 s: " + command);
            }
            return new ExecResult(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Each stream gets its own thread; the common pool may have a single thread and deadlock on full pipes. */
    private static CompletableFuture<String> drain(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
