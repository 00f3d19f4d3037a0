package io.o2pool.libvirtd;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One session-mode {@code libvirtd} standing for one server's hypervisor on a machine that runs several (the demo,
 * the tests), following {@code ../shared/libvirt-vms/instance.sh}:
 * <ul>
 * <li>session mode with its own {@code HOME} and {@code XDG_*} folders: every qemu-driver path derives from them, so
 * instances share nothing; as root it runs as the unprivileged {@link LibvirtdSettings#user()} through
 * {@code setpriv} (a root libvirtd is "privileged" whatever its options, and then uses fixed system paths);</li>
 * <li>under {@code setsid tini -s}: tini reaps the QEMUs libvirt double-forks at once (PID 1 on these machines reaps
 * only every ~2 s, and libvirt waits for the PID to vanish), and the own session keeps a terminal's Ctrl-C from
 * reaching libvirtd before its owner stops it;</li>
 * <li>its own host UUID ({@link LibvirtdConfigFiles#hostUuid}) and migration ports; sockets in a short
 * {@link RuntimeDir}; state, logs and QEMU logs ({@code cache/libvirt/qemu/log/}) under the server's folder.</li>
 * </ul>
 * Started and stopped by PID: {@link #stop()} destroys its domains then SIGTERMs virtlockd and libvirtd;
 * {@link #kill()} SIGKILLs every QEMU it started, virtlockd, libvirtd and tini at once — a host that dies.
 * Thread-safe for reads; start, stop and kill are for one owner.
 */
public final class SessionLibvirtd implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration VIRSH_TIMEOUT = Duration.ofSeconds(60);

    private final LibvirtdSettings settings;
    private final RuntimeDir runtime;
    private final Process tini;

    private SessionLibvirtd(LibvirtdSettings settings, RuntimeDir runtime, Process tini) {
        this.settings = settings;
        this.runtime = runtime;
        this.tini = tini;
    }

    /** {@link #start(LibvirtdSettings, Clock)} on the system clock. */
    public static SessionLibvirtd start(LibvirtdSettings settings) throws IOException {
        return start(settings, Clock.systemUTC());
    }

    /**
     * Starts the instance and returns once {@code virsh version} answers on its socket ({@code clock} measures the
     * 60-second limit). Fails before starting anything, naming the fix, when a program is missing, when root gives no
     * user (or a user that does not exist, or a non-root process gives one), or when the user cannot reach the
     * server's folder; an instance that exits or does not answer in time is killed and its runtime folder removed.
     */
    public static SessionLibvirtd start(LibvirtdSettings settings, Clock clock) throws IOException {
        requireUsable(settings);
        Path dir = settings.dir();
        if (settings.user().isPresent()) {
            String user = settings.user().get();
            Optional<Prerequisites.BlockedFolder> blocked = Prerequisites.unreachable(user, dir);
            if (blocked.isPresent()) {
                throw new IllegalStateException("libvirtd " + settings.name() + " runs as " + user + ", who cannot "
                        + "reach " + dir + ": " + blocked.get() + "; choose a folder " + user + " can reach (e.g. "
                        + "under /var/tmp) or let it pass: setfacl -m u:" + user + ":x " + blocked.get().folder());
            }
        }
        Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(dir.resolve("cache"));
        RuntimeDir runtime = RuntimeDir.prepare(dir, ProcessHandle.current().pid());
        Files.createDirectories(runtime.config().resolve("libvirt"));
        Path conf = runtime.config().resolve("libvirt/libvirtd.conf");
        Files.writeString(conf, LibvirtdConfigFiles.libvirtdConf(dir, dir.resolve("libvirtd.log")));
        Files.writeString(runtime.config().resolve("libvirt/qemu.conf"), LibvirtdConfigFiles.qemuConf(settings));
        Files.deleteIfExists(pidFile(dir));
        if (settings.user().isPresent()) {
            String user = settings.user().get();
            chown(user, dir);
            if (runtime.separate()) {
                chown(user, runtime.runtime());
            }
        }
        Process tini = new ProcessBuilder(command(settings, runtime, conf)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("libvirtd.stdout").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        SessionLibvirtd instance = new SessionLibvirtd(settings, runtime, tini);
        try {
            instance.awaitAnswer(clock, clock.instant().plus(START_TIMEOUT));
            return instance;
        } catch (RuntimeException e) {
            instance.kill();
            instance.close();
            throw e;
        }
    }

    private void awaitAnswer(Clock clock, Instant deadline) {
        while (virsh("version").exitCode() != 0) {
            if (!tini.isAlive()) {
                throw new IllegalStateException("libvirtd " + name() + " exited " + tini.exitValue() + "; see "
                        + dir().resolve("libvirtd.stdout") + " and " + dir().resolve("libvirtd.log"));
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("libvirtd " + name() + " did not answer on " + uri() + " within "
                        + START_TIMEOUT.toSeconds() + " s; see " + dir().resolve("libvirtd.log"));
            }
            pause(Duration.ofMillis(100));
        }
    }

    private static void requireUsable(LibvirtdSettings s) {
        List<Prerequisites.Requirement> missing = Prerequisites.missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("libvirtd " + s.name() + " cannot start: " + missing.stream()
                    .map(Prerequisites.Requirement::what).collect(Collectors.joining(", ")) + " missing; apt-get "
                    + "install " + missing.stream().map(Prerequisites.Requirement::debianPackage).distinct()
                    .collect(Collectors.joining(" ")));
        }
        boolean root = Prerequisites.runningAsRoot();
        if (root && s.user().isEmpty()) {
            throw new IllegalArgumentException("libvirtd " + s.name() + ": this process is root, and a root libvirtd "
                    + "uses the system's fixed paths (two would share their domains); give an unprivileged user");
        }
        if (!root && s.user().isPresent()) {
            throw new IllegalArgumentException("libvirtd " + s.name() + ": only root can run it as " + s.user().get()
                    + "; give no user to run it as yourself");
        }
        if (s.user().isPresent() && !Prerequisites.userExists(s.user().get())) {
            throw new IllegalStateException("libvirtd " + s.name() + ": user " + s.user().get() + " does not exist; "
                    + "create it: useradd --system --no-create-home --home-dir /nonexistent --shell "
                    + "/usr/sbin/nologin " + s.user().get());
        }
    }

    private static List<String> command(LibvirtdSettings s, RuntimeDir runtime, Path conf) {
        Path dir = s.dir();
        String user = s.user().orElse(System.getProperty("user.name"));
        List<String> cmd = new ArrayList<>(List.of(Prerequisites.require("setsid", "util-linux").toString(),
                Prerequisites.require("tini", "tini").toString(), "-s", "--"));
        s.user().ifPresent(u -> cmd.addAll(List.of(Prerequisites.require("setpriv", "util-linux").toString(),
                "--reuid=" + u, "--regid=" + u, "--clear-groups", "--")));
        cmd.addAll(List.of(Prerequisites.require("env", "coreutils").toString(), "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir.resolve("home"), "USER=" + user,
                "LOGNAME=" + user, "XDG_CONFIG_HOME=" + runtime.config(), "XDG_RUNTIME_DIR=" + runtime.run(),
                "XDG_CACHE_HOME=" + dir.resolve("cache"), "XDG_DATA_HOME=" + dir.resolve("home/.local/share"),
                Prerequisites.require("libvirtd", "libvirt-daemon").toString(), "--pid-file",
                pidFile(dir).toString(), "--config", conf.toString()));
        return cmd;
    }

    public String name() {
        return settings.name();
    }

    public LibvirtdSettings settings() {
        return settings;
    }

    /** The server's folder: state, logs ({@code libvirtd.log}, {@code cache/libvirt/qemu/log/}), pid file. */
    public Path dir() {
        return settings.dir();
    }

    /** Where the sockets really are (the server's folder itself, or a short folder its symlinks point to). */
    public RuntimeDir runtime() {
        return runtime;
    }

    /** The client socket, {@code RUNTIME/run/libvirt/libvirt-sock} (the short path). */
    public Path socket() {
        return runtime.run().resolve("libvirt/libvirt-sock");
    }

    /** {@code qemu:///session?socket=RUNTIME/run/libvirt/libvirt-sock}. */
    public String uri() {
        return "qemu:///session?socket=" + socket();
    }

    /**
     * Where this instance receives live migrations without a TCP port: {@code unix://RUNTIME/run/libvirt/
     * migrate-%s.sock} ({@code %s}: the VM), the agent's {@code --libvirt-migration-uri}.
     */
    public String migrationUri() {
        return "unix://" + runtime.run().resolve("libvirt/migrate-%s.sock");
    }

    /** Where libvirt keeps the pid file of each running domain ({@code NAME.pid}). */
    public Path qemuPidDir() {
        return runtime.run().resolve("libvirt/qemu/run");
    }

    /** tini, the instance's parent process (it exits with libvirtd). */
    public ProcessHandle tini() {
        return tini.toHandle();
    }

    /** The libvirtd pid, or empty before it wrote its pid file. */
    public Optional<Long> libvirtdPid() {
        return readPid(pidFile(dir()));
    }

    /** The pid of the virtlockd libvirtd spawned, if one runs. */
    public Optional<Long> virtlockdPid() {
        return readPid(runtime.run().resolve("libvirt/virtlockd.pid")).filter(p -> runs(p, "virtlockd"));
    }

    /** The pids of the QEMUs running now (from libvirt's pid files; only live processes). */
    public List<Long> qemuPids() {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(qemuPidDir())) {
            return pids;
        }
        try (Stream<Path> files = Files.list(qemuPidDir())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pid") && !f.endsWith("driver.pid")).toList()) {
                readPid(f).filter(p -> runs(p, "qemu-system-")).ifPresent(pids::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** Every live process of this instance: its QEMUs, virtlockd, libvirtd and tini. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        qemuPids().forEach(p -> ProcessHandle.of(p).ifPresent(all::add));
        virtlockdPid().flatMap(ProcessHandle::of).ifPresent(all::add);
        libvirtdPid().filter(p -> runs(p, "libvirtd")).flatMap(ProcessHandle::of).ifPresent(all::add);
        if (tini.isAlive()) {
            all.add(tini.toHandle());
        }
        return all;
    }

    /** The names of the domains running now ({@code virsh list --name}). */
    public List<String> running() {
        VirshResult r = virsh("list", "--name");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("virsh list on libvirtd " + name() + " failed: " + r);
        }
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Runs {@code virsh -c URI ARGS} (at most 60 s), in the C locale. */
    public VirshResult virsh(String... args) {
        List<String> command = new ArrayList<>(List.of(Prerequisites.require("virsh", "libvirt-clients").toString(),
                "-c", uri()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir().toFile());
        builder.environment().put("LC_ALL", "C");
        try {
            Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(VIRSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new VirshResult(124, "", "virsh " + String.join(" ", args) + " timed out after "
                        + VIRSH_TIMEOUT.toSeconds() + " s");
            }
            return new VirshResult(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run virsh for libvirtd " + name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VirshResult(130, "", "interrupted");
        }
    }

    /**
     * A clean stop: destroys every running domain, SIGKILLs a QEMU that outlived its destroy, SIGTERMs virtlockd and
     * libvirtd (tini exits with it; SIGKILL after 20 s), then removes a separate runtime folder.
     */
    public void stop() {
        if (tini.isAlive() && Files.exists(socket()) && virsh("version").exitCode() == 0) {
            for (String domain : running()) {
                virsh("destroy", domain);
            }
        }
        qemuPids().forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        virtlockdPid().flatMap(ProcessHandle::of).ifPresent(SessionLibvirtd::terminate);
        libvirtdPid().filter(p -> runs(p, "libvirtd")).flatMap(ProcessHandle::of)
                .ifPresent(SessionLibvirtd::terminate);
        terminate(tini.toHandle());
        removeRuntime();
    }

    /** A host that dies: SIGKILL to every QEMU of this instance, virtlockd, libvirtd and tini, at once. */
    public void kill() {
        List<ProcessHandle> victims = processes();
        victims.forEach(ProcessHandle::destroyForcibly);
        victims.forEach(h -> awaitExit(h, EXIT_TIMEOUT));
    }

    /** {@link #stop()} when anything of it still runs, else removes what {@link #kill()} left. */
    @Override
    public void close() {
        if (!processes().isEmpty()) {
            stop();
        } else {
            removeRuntime();
        }
    }

    private void removeRuntime() {
        try {
            runtime.remove();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the runtime folder " + runtime.runtime() + " of libvirtd "
                    + name() + ": " + e.getMessage(), e);
        }
    }

    private static void terminate(ProcessHandle h) {
        h.destroy();
        if (!awaitExit(h, EXIT_TIMEOUT)) {
            h.destroyForcibly();
            awaitExit(h, EXIT_TIMEOUT);
        }
    }

    private static boolean awaitExit(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    private static Path pidFile(Path dir) {
        return dir.resolve("libvirtd.pid");
    }

    /**
     * Whether {@code pid} is alive and runs a program whose file name starts with {@code program}: a pid file can
     * outlive its process and its number be reused, and nothing else may be signalled by mistake.
     */
    private static boolean runs(long pid, String program) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().command())
                .map(c -> Path.of(c).getFileName().toString().startsWith(program)).orElse(false);
    }

    private static void chown(String user, Path path) throws IOException {
        Process p = new ProcessBuilder(Prerequisites.require("chown", "coreutils").toString(), "-R", user + ":",
                path.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("chown -R " + user + ": " + path + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while giving " + path + " to " + user, e);
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

    /** Each stream gets its own thread: the common pool may have one thread on a 2-core machine and deadlock. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                f.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for libvirtd", e);
        }
    }
}
