package io.o2pool.testkit.libvirt;

import io.o2pool.libvirtd.LibvirtdSettings;
import io.o2pool.libvirtd.Prerequisites;
import io.o2pool.libvirtd.SessionLibvirtd;
import io.o2pool.libvirtd.VirshResult;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One server's hypervisor in a test: the production {@link SessionLibvirtd} (one session-mode libvirtd with its own
 * folders, socket and host UUID, run as {@value #USER} under tini; see its javadoc) with what tests add — missing
 * packages fail the test naming them ({@code ./test} installs them), never skip it; results as {@link ExecResult};
 * {@link #allowTraversal} and {@link #chown} for the test's own folders.
 */
public final class LibvirtInstance implements AutoCloseable {
    /** The user every test instance and its QEMUs run as (created by scripts/install-test-deps.sh). */
    public static final String USER = "o2pvirt";

    private final SessionLibvirtd libvirtd;

    private LibvirtInstance(SessionLibvirtd libvirtd) {
        this.libvirtd = libvirtd;
    }

    /**
     * Starts instance {@code name} with its folders under {@code dir} (created; every parent made passable for
     * {@value #USER}) and incoming migrations on TCP ports {@code migrationPortMin}..+4; returns once
     * {@code virsh version} answers.
     */
    public static LibvirtInstance start(String name, Path dir, int migrationPortMin) throws IOException {
        requireInstalled();
        allowTraversal(dir);
        return new LibvirtInstance(SessionLibvirtd.start(new LibvirtdSettings(name, dir.toAbsolutePath(),
                migrationPortMin, Optional.of(USER))));
    }

    /** Fails (never skips) when libvirt, QEMU, tini or the user are missing, naming what installs them. */
    public static void requireInstalled() {
        List<Prerequisites.Requirement> missing = Prerequisites.missing();
        if (!missing.isEmpty()) {
            String packages = missing.stream().map(Prerequisites.Requirement::debianPackage).distinct()
                    .collect(Collectors.joining(" "));
            throw new AssertionError(missing.stream().map(Prerequisites.Requirement::what)
                    .collect(Collectors.joining(", ")) + " not installed; run ./test (it installs " + packages
                    + ") or apt-get install " + packages);
        }
        if (!Prerequisites.userExists(USER)) {
            throw new AssertionError("user " + USER + " does not exist; run scripts/install-test-deps.sh (./test does)");
        }
    }

    /** The production instance, for what this wrapper does not repeat. */
    public SessionLibvirtd libvirtd() {
        return libvirtd;
    }

    public String name() {
        return libvirtd.name();
    }

    public Path dir() {
        return libvirtd.dir();
    }

    /** The client socket (in the instance's short runtime folder). */
    public Path socket() {
        return libvirtd.socket();
    }

    /** {@code qemu:///session?socket=…/run/libvirt/libvirt-sock}. */
    public String uri() {
        return libvirtd.uri();
    }

    /** Where libvirt keeps the pid file of each running domain ({@code NAME.pid}). */
    public Path qemuPidDir() {
        return libvirtd.qemuPidDir();
    }

    /** The libvirtd pid, or empty before it wrote its pid file. */
    public Optional<Long> libvirtdPid() {
        return libvirtd.libvirtdPid();
    }

    /** The pids of the QEMUs running now (from libvirt's pid files; only live processes). */
    public List<Long> qemuPids() {
        return libvirtd.qemuPids();
    }

    /** The names of the domains running now ({@code virsh list --name}). */
    public List<String> running() {
        return libvirtd.running();
    }

    /** Runs {@code virsh -c URI ARGS}. */
    public ExecResult virsh(String... args) {
        VirshResult r = libvirtd.virsh(args);
        return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
    }

    /** Destroys every running domain, then SIGTERMs virtlockd and libvirtd (tini exits with it) and waits. */
    public void stop() {
        libvirtd.stop();
    }

    /** A host that dies: SIGKILL to every QEMU of this instance, virtlockd, libvirtd and tini, at once. */
    public void kill() {
        libvirtd.kill();
    }

    @Override
    public void close() {
        libvirtd.close();
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
}
