package io.o2pool.testkit.libvirt;

import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One session-mode {@code libvirtd} standing for one server's hypervisor, all its state under one folder: run as the
 * unprivileged user {@value #USER} (as root libvirtd's qemu driver uses fixed system paths, so two root daemons would
 * share their domains) with its own {@code XDG_*} directories, under {@code tini -s} (which reaps the QEMUs libvirt
 * double-forks at once; PID 1 on these machines reaps only every ~2 s), with a host UUID of its own (libvirt refuses
 * to migrate between daemons with the same one). Started and stopped by PID: {@link #stop()} destroys its domains then
 * SIGTERMs libvirtd; {@link #kill()} SIGKILLs libvirtd, tini and every QEMU it started — a host that dies. Missing
 * packages fail the test naming them ({@code ./test} installs them), never skip it.
 */
public final class LibvirtInstance implements AutoCloseable {
    /** The user every test instance and its QEMUs run as (created by scripts/install-test-deps.sh). */
    public static final String USER = "o2pvirt";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path dir;
    private final Process tini;

    private LibvirtInstance(String name, Path dir, Process tini) {
        this.name = name;
        this.dir = dir;
        this.tini = tini;
    }

    /**
     * Starts instance {@code name} with its folders under {@code dir} (created; made accessible to {@value #USER})
     * and incoming migrations on TCP ports {@code migrationPortMin}..+4; returns once {@code virsh version} answers.
     */
    public static LibvirtInstance start(String name, Path dir, int migrationPortMin) throws IOException {
        requireInstalled();
        for (String sub : List.of("home", "config/libvirt", "run", "cache")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.writeString(dir.resolve("config/libvirt/libvirtd.conf"), "host_uuid = \"" + hostUuid(dir) + "\"\n"
                + "log_outputs = \"3:file:" + dir.resolve("libvirtd.log") + "\"\n");
        Files.writeString(dir.resolve("config/libvirt/qemu.conf"), """
                # incoming migrations of this instance (loopback addresses go per call, not here: libvirt refuses
                # migration_host = 127.0.0.1)
                migration_port_min = %d
                migration_port_max = %d
                # QEMU's stderr straight into the per-domain log: no virtlogd per instance
                stdio_handler = "file"
                """.formatted(migrationPortMin, migrationPortMin + 4));
        Files.deleteIfExists(dir.resolve("libvirtd.pid"));
        chown(dir);
        allowTraversal(dir);
        List<String> command = List.of(Programs.require("setsid", "util-linux").toString(),
                Programs.require("tini", "tini").toString(), "-s", "--",
                Programs.require("setpriv", "util-linux").toString(), "--reuid=" + USER, "--regid=" + USER,
                "--clear-groups", "--", "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=" + dir.resolve("home"), "USER=" + USER, "LOGNAME=" + USER,
                "XDG_CONFIG_HOME=" + dir.resolve("config"), "XDG_RUNTIME_DIR=" + dir.resolve("run"),
                "XDG_CACHE_HOME=" + dir.resolve("cache"), "XDG_DATA_HOME=" + dir.resolve("home/.local/share"),
                Programs.require("libvirtd", "libvirt-daemon").toString(), "--pid-file", dir.resolve("libvirtd.pid").toString(),
                "--config", dir.resolve("config/libvirt/libvirtd.conf").toString());
        Process tini = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("libvirtd.stdout").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        LibvirtInstance instance = new LibvirtInstance(name, dir, tini);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!tini.isAlive()) {
                throw new IllegalStateException("libvirtd " + name + " exited " + tini.exitValue() + "; see "
                        + dir.resolve("libvirtd.stdout") + " and " + dir.resolve("libvirtd.log"));
            }
            if (instance.virsh("version").exitCode() == 0) {
                return instance;
            }
            if (Instant.now().isAfter(deadline)) {
                instance.kill();
                throw new IllegalStateException("libvirtd " + name + " did not answer on " + instance.uri() + " within "
                        + START_TIMEOUT.toSeconds() + " s; see " + dir.resolve("libvirtd.log"));
            }
            sleep(100);
        }
    }

    /** Fails (never skips) when libvirt, QEMU, tini or the user are missing, naming what installs them. */
    public static void requireInstalled() {
        Programs.require("libvirtd", "libvirt-daemon libvirt-daemon-driver-qemu");
        Programs.require("virsh", "libvirt-clients");
        Programs.require("qemu-system-x86_64", "qemu-system-x86");
        Programs.require("tini", "tini");
        if (Programs.run(Path.of("/"), List.of("id", "-u", USER)).exitCode() != 0) {
            throw new AssertionError("user " + USER + " does not exist; run scripts/install-test-deps.sh (./test does)");
        }
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** The client socket: {@code DIR/run/libvirt/libvirt-sock}. */
    public Path socket() {
        return dir.resolve("run/libvirt/libvirt-sock");
    }

    /** {@code qemu:///session?socket=DIR/run/libvirt/libvirt-sock}. */
    public String uri() {
        return "qemu:///session?socket=" + socket();
    }

    /** Where libvirt keeps the pid file of each running domain ({@code NAME.pid}). */
    public Path qemuPidDir() {
        return dir.resolve("run/libvirt/qemu/run");
    }

    /** The libvirtd pid, or empty before it wrote its pid file. */
    public Optional<Long> libvirtdPid() {
        return readPid(dir.resolve("libvirtd.pid"));
    }

    /** The pids of the QEMUs running now (from libvirt's pid files; only live processes). */
    public List<Long> qemuPids() {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(qemuPidDir())) {
            return pids;
        }
        try (Stream<Path> files = Files.list(qemuPidDir())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pid") && !f.endsWith("driver.pid")).toList()) {
                readPid(f).filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).ifPresent(pids::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** The names of the domains running now ({@code virsh list --name}). */
    public List<String> running() {
        ExecResult r = virsh("list", "--name");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("virsh list on " + name + " failed: " + r);
        }
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Runs {@code virsh -c URI ARGS}. */
    public ExecResult virsh(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", uri()));
        command.addAll(List.of(args));
        return Programs.run(dir, command);
    }

    /** Destroys every running domain, then SIGTERMs libvirtd (tini exits with it) and waits for both. */
    public void stop() {
        if (tini.isAlive() && socketAnswers()) {
            for (String domain : running()) {
                virsh("destroy", domain);
            }
        }
        qemuPids().forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        libvirtdPid().flatMap(ProcessHandle::of).ifPresent(h -> {
            h.destroy();
            h.onExit().completeOnTimeout(h, 20, java.util.concurrent.TimeUnit.SECONDS).join();
            h.destroyForcibly();
        });
        tini.destroy();
        waitFor(tini);
    }

    /** A host that dies: SIGKILL to every QEMU of this instance, libvirtd and tini, at once. */
    public void kill() {
        List<ProcessHandle> victims = new ArrayList<>();
        qemuPids().forEach(p -> ProcessHandle.of(p).ifPresent(victims::add));
        libvirtdPid().flatMap(ProcessHandle::of).ifPresent(victims::add);
        victims.add(tini.toHandle());
        victims.forEach(ProcessHandle::destroyForcibly);
        victims.forEach(h -> h.onExit().completeOnTimeout(h, 20, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    @Override
    public void close() {
        if (tini.isAlive() || !qemuPids().isEmpty()) {
            stop();
        }
    }

    private boolean socketAnswers() {
        return Files.exists(socket()) && virsh("version").exitCode() == 0;
    }

    /** Makes {@code path} and everything below it owned by {@value #USER} (QEMU writes there). */
    public static void chown(Path path) {
        ExecResult r = Programs.run(Path.of("/"), List.of("chown", "-R", USER + ":", path.toString()));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("chown " + USER + " " + path + " failed: " + r);
        }
    }

    /** Lets {@value #USER} reach {@code path}: every parent directory gets o+x (JUnit's temp dirs are 0700). */
    public static void allowTraversal(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Programs.run(Path.of("/"), List.of("chmod", "o+x", p.toString()));
        }
    }

    private static String hostUuid(Path dir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("o2pool-" + dir.toAbsolutePath())
                    .getBytes(StandardCharsets.UTF_8));
            String x = HexFormat.of().formatHex(h);
            return x.substring(0, 8) + "-" + x.substring(8, 12) + "-" + x.substring(12, 16) + "-" + x.substring(16, 20)
                    + "-" + x.substring(20, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.matches("\\d{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
