package io.o2pool.agent.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.ScriptedCommandRunner;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.stack.UserspaceStackDriver;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.FakeClock;
import io.o2pool.testkit.Programs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attaching directory and OCFS2 repositories (images made by the real mkfs.ocfs2), mount mode and convert-to-cluster. */
class RepositoryServiceTest {
    static final String UUID = "11111111-2222-3333-4444-555555555555";
    static final String HEX = "11111111222233334444555555555555";
    @TempDir
    Path root;
    Path state;
    Path mounts;
    ScriptedCommandRunner runner = new ScriptedCommandRunner();
    UserspaceStackDriver stack = new UserspaceStackDriver("vm-host03", FakeClock.atEpochOfSeed(), () -> { });
    RepositoryService service;

    @BeforeEach
    void setUp() throws IOException {
        state = Files.createDirectories(root.resolve("state"));
        mounts = root.resolve("mounts");
        Files.writeString(mounts, "proc /proc proc rw 0 0\n");
        service = new RepositoryService(state, List.of(state), root.resolve("mnt"), mounts, runner, stack);
    }

    Path image(String... mkfsOptions) {
        Path image = state.resolve("shared.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(64L << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new java.util.ArrayList<>(List.of(Programs.ocfs2Tool("mkfs.ocfs2").toString(), "-q", "-F"));
        command.addAll(List.of(mkfsOptions));
        command.addAll(List.of("-U", UUID, image.toString()));
        ExecResult result = Programs.run(root, command);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return image;
    }

    @Test
    void aSharedDirectoryIsIdentifiedByItsIdFile() throws IOException {
        Path shared = Files.createDirectories(state.resolve("nfs"));
        assertThatThrownBy(() -> service.attach(new AttachRequest("directory", shared.toString(), null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("uuidgen > " + shared.resolve(".o2pool-repository"));
        Files.writeString(shared.resolve(".o2pool-repository"), UUID + "\n");
        RepositoryInfo info = service.attach(new AttachRequest("directory", shared.toString(), UUID.toUpperCase()));
        assertThat(info).isEqualTo(new RepositoryInfo(HEX, "directory", shared.toString(), shared.toString(), "none"));
        assertThat(service.list()).containsExactly(info);
        assertThatThrownBy(() -> service.attach(new AttachRequest("directory", shared.toString(), "99999999-2222-3333-4444-555555555555")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("the pool expects 99999999");
    }

    @Test
    void pathsOutsideTheAllowedRootsAreRefused() {
        assertThatThrownBy(() -> service.attach(new AttachRequest("directory", "/etc", null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside the directories the agent may use");
        assertThatThrownBy(() -> service.attach(new AttachRequest("directory", state + "/../..", null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside");
    }

    @Test
    void anOcfs2DeviceIsMountedUnderItsUuidAndReportsItsHeartbeatMode() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-M", "local");
        Path mountPoint = root.resolve("mnt").resolve(HEX);
        runner.expect(List.of("mount", "-t", "ocfs2", "-o", "_netdev", image.toString(), mountPoint.toString()), c -> {
            try {
                Files.writeString(mounts, image + " " + mountPoint + " ocfs2 rw,relatime,heartbeat=none,nointr 0 0\n",
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(c, 0, "", "");
        });
        RepositoryInfo info = service.attach(new AttachRequest("ocfs2", image.toString(), UUID));
        runner.assertAllRun();
        assertThat(info).isEqualTo(new RepositoryInfo(HEX, "ocfs2", image.toString(), mountPoint.toString(), "heartbeat=none"));
        assertThat(service.attach(new AttachRequest("ocfs2", image.toString(), null))).isEqualTo(info);
        assertThatThrownBy(() -> service.convertToCluster(image.toString(), 4)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("is mounted");
    }

    @Test
    void convertToClusterRunsTunefsWithTheStackOnlineAndChecksTheResult() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-M", "local");
        assertThatThrownBy(() -> service.convertToCluster(image.toString(), 4)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("bring o2cb online");
        stack.online(io.o2pool.agent.stack.StackConfig.from(io.o2pool.agent.config.ConfigSamples.clusterConf(1),
                io.o2pool.agent.config.ConfigSamples.o2cb(31)));
        List<String> tunefs = List.of("tunefs.ocfs2", "-y", "-M", "cluster", "-N", "4", image.toString());
        // as on a host without the kernel stack: tunefs exits 0 but leaves the volume local
        runner.expect(tunefs, c -> new CommandResult(c, 0, "", "tunefs.ocfs2: Unable to access cluster service"));
        assertThatThrownBy(() -> service.convertToCluster(image.toString(), 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left " + image + " in local mode");
        runner.expect(tunefs, c -> {
            clearLocalFlag(image);
            return new CommandResult(c, 0, "", "");
        });
        assertThat(service.convertToCluster(image.toString(), 4).mountMode()).startsWith("cluster");
        runner.assertAllRun();
    }

    /** What tunefs.ocfs2 -M cluster does to the superblock: clear LOCAL_MOUNT (0x0008) and set the slot count. */
    static void clearLocalFlag(Path image) {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            long incompat = 2 * 4096 + 0xE0;
            file.seek(incompat);
            int low = file.read();
            file.seek(incompat);
            file.write(low & ~0x08);
            file.seek(2 * 4096 + 0x100);
            file.write(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
