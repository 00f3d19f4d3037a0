package io.o2pool.libvirtd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeDirTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} fits: {1}")
    @CsvSource({
        "/tmp/o2v4194304.32, true",   // the longest candidate: pid_max 4194304, 32 servers
        "/tmp/o2v12345/l1, true",     // VmE2ETest's folders
        "/tmp/o2v4194304.321, false",
        "/root/.o2pool-demo/servers/vm-host01/libvirt, false"})
    void aFolderFitsWhenItsLongestSocketStaysWithin107Bytes(String dir, boolean fits) {
        assertThat(RuntimeDir.fits(Path.of(dir))).isEqualTo(fits);
        String longest = dir + "/run/libvirt/migrate-" + "v".repeat(63) + ".sock";
        assertThat(longest.getBytes(StandardCharsets.UTF_8).length <= RuntimeDir.SOCKET_PATH_MAX_BYTES).isEqualTo(fits);
    }

    @Test
    void theShortCandidateOfAnyPidFits() {
        assertThat(RuntimeDir.candidate(4_194_304, 99)).hasToString("/tmp/o2v4194304.99");
        assertThat(RuntimeDir.fits(RuntimeDir.candidate(4_194_304, 99))).isTrue();
    }

    @Test
    void aLongFolderGetsAShortRuntimeFolderLinkedFromItKeptAcrossARestartAndRemoved() throws IOException {
        Path dir = tmp.resolve("a-data-dir-with-a-long-name/servers/vm-host01/libvirt");
        long pid = ProcessHandle.current().pid();
        RuntimeDir first = RuntimeDir.prepare(dir, pid);
        try {
            assertThat(first.separate()).isTrue();
            assertThat(RuntimeDir.fits(first.runtime())).isTrue();
            assertThat(first.runtime().getFileName().toString()).startsWith("o2v" + pid + ".");
            assertThat(Files.readSymbolicLink(dir.resolve("run"))).isEqualTo(first.run());
            assertThat(Files.readSymbolicLink(dir.resolve("config"))).isEqualTo(first.config());
            Files.writeString(first.config().resolve("kept"), "domain definitions");

            RuntimeDir second = RuntimeDir.prepare(dir, pid);
            assertThat(second.runtime()).as("a restart finds it through the symlinks").isEqualTo(first.runtime());

            RuntimeDir other = RuntimeDir.prepare(tmp.resolve("another-long-server-folder/libvirt"), pid);
            assertThat(other.runtime()).as("the next free N").isNotEqualTo(first.runtime());
            other.remove();
        } finally {
            first.remove();
        }
        assertThat(first.runtime()).doesNotExist();
        assertThat(dir.resolve("run")).doesNotExist();
        assertThat(dir).isDirectory();
    }

    @Test
    void aRealFolderWhereTheSymlinkGoesIsRefusedNamingIt() throws IOException {
        Path dir = tmp.resolve("a-data-dir-with-a-long-name/servers/vm-host02/libvirt");
        Files.createDirectories(dir.resolve("run"));
        assertThatThrownBy(() -> RuntimeDir.prepare(dir, ProcessHandle.current().pid()))
                .hasMessageContaining(dir.resolve("run").toString()).hasMessageContaining("too long for sockets");
    }

    @Test
    void aShortFolderKeepsItsSocketsItself() throws IOException {
        Path dir = RuntimeDir.candidate(ProcessHandle.current().pid(), 9_999);
        RuntimeDir r = RuntimeDir.prepare(dir, ProcessHandle.current().pid());
        try {
            assertThat(r.separate()).isFalse();
            assertThat(r.run()).isEqualTo(dir.resolve("run")).isDirectory();
            assertThat(Files.isSymbolicLink(dir.resolve("run"))).isFalse();
        } finally {
            Files.delete(dir.resolve("run"));
            Files.delete(dir.resolve("config"));
            Files.delete(dir);
        }
    }
}
