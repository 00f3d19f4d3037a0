package io.o2pool.libvirtd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real session libvirtd (no guest) in a folder too long for its sockets, as the demo's data dir is: it runs as the
 * unprivileged user when this test is root (as {@code ./test} runs it; scripts/install-test-deps.sh installs libvirt
 * and creates the user), answers on a short socket its folder links to, and leaves no process or runtime folder.
 */
class SessionLibvirtdTest {
    static final String USER = "o2pvirt";

    @TempDir
    Path tmp;

    @Test
    void aLongFolderRunsOnAShortSocketAndStopLeavesNothing() throws Exception {
        assertThat(Prerequisites.missing()).as("run scripts/install-test-deps.sh").isEmpty();
        Optional<String> user = Prerequisites.runningAsRoot() ? Optional.of(USER) : Optional.empty();
        Path dir = tmp.resolve("a-demo-data-dir-with-a-long-name/servers/vm-host01/libvirt");
        LibvirtdSettings settings = new LibvirtdSettings("vm-host01", dir, 49_290, user);
        if (user.isPresent()) {
            // JUnit's folder is rwx------: the user cannot reach it, and nothing is started or changed
            assertThatThrownBy(() -> SessionLibvirtd.start(settings)).hasMessageContaining("vm-host01")
                    .hasMessageContaining(USER + ", who cannot reach " + dir)
                    .hasMessageContaining(tmp + " is rwx------").hasMessageContaining("setfacl -m u:" + USER + ":x " + tmp);
            assertThat(tmp.resolve("a-demo-data-dir-with-a-long-name")).doesNotExist();
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        }
        List<ProcessHandle> processes;
        RuntimeDir runtime;
        try (SessionLibvirtd libvirtd = SessionLibvirtd.start(settings)) {
            runtime = libvirtd.runtime();
            assertThat(runtime.separate()).isTrue();
            assertThat(libvirtd.uri()).isEqualTo("qemu:///session?socket=" + runtime.run() + "/libvirt/libvirt-sock");
            assertThat(Files.readSymbolicLink(dir.resolve("run"))).isEqualTo(runtime.run());
            assertThat(libvirtd.migrationUri()).isEqualTo("unix://" + runtime.run() + "/libvirt/migrate-%s.sock");
            VirshResult version = libvirtd.virsh("version");
            assertThat(version.exitCode()).as(version.toString()).isZero();
            assertThat(libvirtd.virsh("capabilities").stdout()).contains("<uuid>"
                    + LibvirtdConfigFiles.hostUuid(dir) + "</uuid>");
            assertThat(libvirtd.running()).isEmpty();
            processes = libvirtd.processes();
            assertThat(processes).as("libvirtd and tini").hasSizeGreaterThanOrEqualTo(2);
            long libvirtdPid = libvirtd.libvirtdPid().orElseThrow();
            if (user.isPresent()) {
                assertThat(ProcessHandle.of(libvirtdPid).flatMap(h -> h.info().user())).hasValue(USER);
            }
            assertThat(libvirtd.tini().descendants().map(ProcessHandle::pid)).contains(libvirtdPid);
        }
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(runtime.runtime()).doesNotExist();
        assertThat(dir.resolve("libvirtd.log")).exists();
    }
}
