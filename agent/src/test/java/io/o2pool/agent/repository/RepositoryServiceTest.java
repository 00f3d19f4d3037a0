package io.o2pool.agent.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.ScriptedCommandRunner;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.agent.api.RepositoryMount;
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
        try {
            Files.deleteIfExists(image); // a fresh file: mkfs.ocfs2 asks before overwriting an OCFS2 volume
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        assertThat(info).isEqualTo(new RepositoryInfo(HEX, "directory", shared.toString(), shared.toString(),
                RepositoryMode.NOT_OCFS2, RepositoryMount.NOT_A_MOUNT, null, null));
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
        assertThat(info).isEqualTo(new RepositoryInfo(HEX, "ocfs2", image.toString(), mountPoint.toString(),
                RepositoryMode.LOCAL, RepositoryMount.HEARTBEAT_NONE, 1, null));
        assertThat(service.attach(new AttachRequest("ocfs2", image.toString(), null))).isEqualTo(info);
        assertThatThrownBy(() -> service.convertToCluster(image.toString(), 4)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("is mounted");
    }

    @Test
    void convertToClusterRunsTunefsWithTheStackOnlineAndChecksTheResult() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-M", "local");
        assertThatThrownBy(() -> service.convertToCluster(image.toString(), 4)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("bring o2cb online");
        stack.online(io.o2pool.agent.config.ConfigSamples.stackConfig(io.o2pool.agent.config.ConfigSamples.clusterConf(1),
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
        RepositoryInfo converted = service.convertToCluster(image.toString(), 4);
        // a converted volume is CLUSTER with its slot count as a field, not "cluster, 4 slots"
        assertThat(converted.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(converted.mount()).isEqualTo(RepositoryMount.UNMOUNTED);
        assertThat(converted.slots()).isEqualTo(4);
        assertThat(converted.note()).contains("converted from local to cluster mode with 4 slots");
        runner.assertAllRun();
        RepositoryInfo inspected = service.inspect(new AttachRequest("ocfs2", image.toString(), null));
        assertThat(inspected.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(inspected.slots()).isEqualTo(4);
        RepositoryInfo again = service.convertToCluster(image.toString(), 4);
        assertThat(again.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(again.slots()).isEqualTo(4);
        assertThat(again.note()).contains("already in cluster mode");
    }

    @Test
    void growSlotsRunsTunefsOnTheUnmountedClusterVolumeWithTheStackOnlineAndChecksTheResult() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-N", "4", "--cluster-stack=o2cb", "--cluster-name=ocfs2");
        assertThatThrownBy(() -> service.growSlots(image.toString(), 5)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("bring o2cb online");
        stack.online(io.o2pool.agent.config.ConfigSamples.stackConfig(io.o2pool.agent.config.ConfigSamples.clusterConf(1),
                io.o2pool.agent.config.ConfigSamples.o2cb(31)));
        assertThatThrownBy(() -> service.growSlots(image.toString(), 3)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("has 4 node slots; lowering it to 3 is not done");
        assertThat(service.growSlots(image.toString(), 4).note()).contains("already has 4 node slots");
        List<String> tunefs = List.of("tunefs.ocfs2", "-y", "-N", "5", image.toString());
        runner.expect(tunefs, c -> new CommandResult(c, 0, "", "")); // as if it did nothing
        assertThatThrownBy(() -> service.growSlots(image.toString(), 5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left " + image + " with 4 slots");
        runner.expect(tunefs, c -> {
            setSlots(image, 5);
            return new CommandResult(c, 0, "", "");
        });
        RepositoryInfo grown = service.growSlots(image.toString(), 5);
        assertThat(grown.slots()).isEqualTo(5);
        assertThat(grown.note()).contains("raised from 4 to 5");
        runner.assertAllRun();
        Files.writeString(mounts, image + " /mnt/x ocfs2 rw,heartbeat=local 0 0\n");
        assertThatThrownBy(() -> service.growSlots(image.toString(), 6)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("unmounted on every node");
    }

    /**
     * Mounted on another node only (not here), tunefs.ocfs2 -N cannot take the cluster lock: on the Debian 6.1 kernel
     * with ocfs2-tools 1.8.7 it prints "Trylock failed while opening device" and exits 25 (e2e/kvm). That is a 409
     * saying where the volume still is, not the agent's 500.
     */
    @Test
    void growSlotsWhileAnotherNodeHasTheVolumeMountedIsAConflictNamingIt() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-N", "4", "--cluster-stack=o2cb", "--cluster-name=ocfs2");
        stack.online(io.o2pool.agent.config.ConfigSamples.stackConfig(io.o2pool.agent.config.ConfigSamples.clusterConf(1),
                io.o2pool.agent.config.ConfigSamples.o2cb(31)));
        runner.expect(List.of("tunefs.ocfs2", "-y", "-N", "5", image.toString()), c -> new CommandResult(c, 25, "",
                "tunefs.ocfs2: Trylock failed while opening device \"" + image + "\"\n"));
        assertThatThrownBy(() -> service.growSlots(image.toString(), 5)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(image + " is mounted on another node")
                .hasMessageContaining("unmounted on every node", "Trylock failed", "exited 25");
        runner.assertAllRun();
        assertThat(service.inspect(new AttachRequest("ocfs2", image.toString(), null)).slots()).isEqualTo(4);
    }

    /** What tunefs.ocfs2 -N writes in the superblock of a 4 KiB-block volume: s_max_slots. */
    static void setSlots(Path image, int slots) {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(2 * 4096 + 0x100);
            file.write(slots & 0xff);
            file.write(slots >> 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void inspectReadsTheSuperblockOfAnUnmountedVolumeAndChangesNothing() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-M", "local");
        RepositoryInfo local = service.inspect(new AttachRequest("ocfs2", image.toString(), null));
        assertThat(local).isEqualTo(new RepositoryInfo(HEX, "ocfs2", image.toString(), null, RepositoryMode.LOCAL,
                RepositoryMount.UNMOUNTED, 1, null));
        Path cluster = image("-b", "4096", "-C", "4096", "-N", "4");
        RepositoryInfo clustered = service.inspect(new AttachRequest("ocfs2", cluster.toString(), null));
        assertThat(clustered.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(clustered.mount()).isEqualTo(RepositoryMount.UNMOUNTED);
        assertThat(clustered.slots()).isEqualTo(4);
        // mounted (heartbeat=local): still the superblock's mode, and how the kernel has it mounted
        Files.writeString(mounts, cluster + " /mnt/x ocfs2 rw,relatime,_netdev,heartbeat=local,nointr 0 0\n",
                java.nio.file.StandardOpenOption.APPEND);
        RepositoryInfo mounted = service.inspect(new AttachRequest("ocfs2", cluster.toString(), null));
        assertThat(mounted.mode()).isEqualTo(RepositoryMode.CLUSTER);
        assertThat(mounted.mount()).isEqualTo(RepositoryMount.HEARTBEAT_LOCAL);
        assertThat(mounted.mountPoint()).isEqualTo("/mnt/x");
        runner.assertAllRun(); // nothing run: no mount, no tunefs
        assertThat(service.list()).isEmpty();
        Path notOcfs2 = Files.writeString(state.resolve("zeros.img"), "x".repeat(65536));
        assertThatThrownBy(() -> service.inspect(new AttachRequest("ocfs2", notOcfs2.toString(), null)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void detachIsIdempotentAndUnmountsTheDeviceEvenWhenNotRecorded() throws IOException {
        Path image = image("-b", "4096", "-C", "4096", "-M", "local");
        RepositoryInfo nothing = service.detach(new AttachRequest("ocfs2", image.toString(), null));
        assertThat(nothing.uuid()).isEqualTo(HEX);
        assertThat(nothing.mode()).isEqualTo(RepositoryMode.LOCAL);
        assertThat(nothing.mount()).isEqualTo(RepositoryMount.UNMOUNTED);
        assertThat(nothing.note()).contains("no ocfs2 repository was attached at " + image, "nothing to detach");
        // mounted by hand (not through the agent): detach unmounts it all the same
        Files.writeString(mounts, image + " /mnt/by-hand ocfs2 rw,relatime,heartbeat=none,nointr 0 0\n",
                java.nio.file.StandardOpenOption.APPEND);
        runner.expect(List.of("umount", "/mnt/by-hand"), c -> {
            try {
                Files.writeString(mounts, "proc /proc proc rw 0 0\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(c, 0, "", "");
        });
        RepositoryInfo unmounted = service.detach(new AttachRequest("ocfs2", image.toString(), null));
        runner.assertAllRun();
        assertThat(unmounted.note()).contains("unmounted /mnt/by-hand (heartbeat=none)", "nothing to detach");
        Path shared = Files.createDirectories(state.resolve("nfs"));
        assertThat(service.detach(new AttachRequest("directory", shared.toString(), null)).note())
                .contains("no directory repository was attached");
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
