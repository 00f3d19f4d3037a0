package io.o2pool.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The project's tiny TCG guest for the demo's VMs: {@code scripts/build-tiny-guest.sh} of the checkout the demo
 * runs from (found above the working folder or above the demo's own jar) builds it from Debian packages into the
 * agents' default cache, {@code ${XDG_CACHE_HOME:-~/.cache}/o2pool/tiny-guest}, once; later runs find it up to date.
 * Without the script a complete cached guest is used as it is.
 */
final class TinyGuestBuild {
    private static final long TIMEOUT_MINUTES = 15;

    private TinyGuestBuild() {
    }

    /** What came of it: the guest's folder, or why there is none. */
    record Result(Optional<Path> folder, Optional<String> problem, String summary) {
    }

    static Path cache() {
        String home = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        return Path.of(home, "o2pool", "tiny-guest");
    }

    /** Builds (or finds up to date) the guest in {@link #cache()}, the script's output going to {@code log}. */
    static Result build(Path log) {
        Path cache = cache();
        Optional<Path> script = script();
        if (script.isEmpty()) {
            if (complete(cache)) {
                return new Result(Optional.of(cache), Optional.empty(), "tiny guest: " + cache + " (cached)");
            }
            return new Result(Optional.empty(), Optional.of("scripts/build-tiny-guest.sh (part of the source "
                    + "checkout) is not above " + Path.of("").toAbsolutePath() + " and " + cache + " holds no guest; "
                    + "run the demo from the checkout (./o2pool demo)"), "");
        }
        try {
            Process p = new ProcessBuilder("bash", script.get().toString(), cache.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(Optional.empty(), Optional.of(script.get() + " did not finish within "
                        + TIMEOUT_MINUTES + " min; see " + log), "");
            }
            String last = lastLine(log);
            if (p.exitValue() != 0 || !complete(cache)) {
                return new Result(Optional.empty(), Optional.of(script.get() + " failed (exit " + p.exitValue()
                        + "): " + last + "; see " + log), "");
            }
            return new Result(Optional.of(cache), Optional.empty(), last);
        } catch (IOException e) {
            return new Result(Optional.empty(), Optional.of("cannot run " + script.get() + ": " + e.getMessage()), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Optional.empty(), Optional.of("interrupted while building the tiny guest"), "");
        }
    }

    private static boolean complete(Path cache) {
        return List.of("vmlinuz", "initrd.img", "disk-template.img", "VERSION").stream()
                .allMatch(f -> Files.isRegularFile(cache.resolve(f)));
    }

    /** The checkout's script: above the working folder, else above the jar or classes folder this class came from. */
    static Optional<Path> script() {
        Optional<Path> fromCwd = above(Path.of("").toAbsolutePath());
        if (fromCwd.isPresent()) {
            return fromCwd;
        }
        try {
            var source = TinyGuestBuild.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : above(Path.of(source.getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> above(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            Path script = p.resolve("scripts/build-tiny-guest.sh");
            if (Files.isRegularFile(script)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.getLast().strip();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
