package io.o2pool.ocfs2.mount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mount table parser on the mounts the seed shows (its {@code mount} lines, here in {@code /proc/mounts} form)
 * and on the one recorded in the QEMU two-node run ({@code ../shared/kvm-ocfs2/NOTES.md}).
 */
class MountTableTest {

    /** The seed's repository after the switch to cluster mode. */
    static final String SEED_CLUSTER =
            "/dev/sdc1 /var/ovs/mount/A53BAF6548A344568D709BB62B2EC7B4 ocfs2 rw,_netdev,heartbeat=local 0 0";
    /** The same repository in local (single-node) mode. */
    static final String SEED_LOCAL =
            "/dev/sdc1 /var/ovs/mount/A53BAF6548A344568D709BB62B2EC7B4 ocfs2 rw,heartbeat=none 0 0";
    /** Debian 12 kernel 6.1, two-node o2cb cluster in QEMU. */
    static final String KVM = "/dev/vda /mnt/shared ocfs2 rw,relatime,_netdev,heartbeat=local,nointr,data=ordered,"
            + "errors=remount-ro,atime_quantum=60,cluster_stack=o2cb,coherency=full,user_xattr,acl 0 0";

    static final String TABLE = String.join("\n",
            "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0",
            "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
            "/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0",
            SEED_CLUSTER,
            "configfs /sys/kernel/config configfs rw,relatime 0 0",
            "ocfs2_dlmfs /dlm ocfs2_dlmfs rw,relatime 0 0",
            KVM,
            "");

    @Test
    void findsTheOcfs2MountsWithHeartbeatAndRepositoryUuid() throws Exception {
        MountTable table = MountTable.parse("/proc/mounts", TABLE);

        assertThat(table.entries()).hasSize(7);
        List<Ocfs2Mount> ocfs2 = table.ocfs2Mounts();
        assertThat(ocfs2).hasSize(2);

        Ocfs2Mount repo = ocfs2.get(0);
        assertThat(repo.device()).isEqualTo("/dev/sdc1");
        assertThat(repo.mountPoint()).isEqualTo("/var/ovs/mount/A53BAF6548A344568D709BB62B2EC7B4");
        assertThat(repo.entry().options()).containsExactly("rw", "_netdev", "heartbeat=local");
        assertThat(repo.entry().line()).isEqualTo(4);
        assertThat(repo.heartbeat()).isEqualTo(MountHeartbeat.LOCAL);
        assertThat(repo.clusterMode()).isTrue();
        assertThat(repo.repositoryUuid()).contains("A53BAF6548A344568D709BB62B2EC7B4");

        Ocfs2Mount shared = ocfs2.get(1);
        assertThat(shared.heartbeat()).isEqualTo(MountHeartbeat.LOCAL);
        assertThat(shared.repositoryUuid()).isEmpty();
        assertThat(shared.clusterStack()).contains("o2cb");
        assertThat(shared.entry().hasFlag("_netdev")).isTrue();
        assertThat(shared.entry().option("errors")).contains("remount-ro");
        assertThat(shared.entry().line()).isEqualTo(7);
    }

    @Test
    void localModeShowsHeartbeatNone() throws Exception {
        Ocfs2Mount m = MountTable.parse("/proc/mounts", SEED_LOCAL).ocfs2Mounts().get(0);
        assertThat(m.heartbeat()).isEqualTo(MountHeartbeat.NONE);
        assertThat(m.heartbeat().text()).isEqualTo("none");
        assertThat(m.clusterMode()).isFalse();
        assertThat(m.repositoryUuid()).contains("A53BAF6548A344568D709BB62B2EC7B4");
    }

    @Test
    void globalHeartbeatAndUserspaceStacks() throws Exception {
        MountTable t = MountTable.parse("/proc/mounts", """
                /dev/sdd /var/ovs/mount/a53baf6548a344568d709bb62b2ec7b4 ocfs2 rw,heartbeat=global 0 0
                /dev/sde /srv/pcmk ocfs2 rw,relatime,cluster_stack=pcmk 0 0
                """);
        List<Ocfs2Mount> m = t.ocfs2Mounts();
        assertThat(m.get(0).heartbeat()).isEqualTo(MountHeartbeat.GLOBAL);
        assertThat(m.get(0).repositoryUuid()).as("upper-cased like the tools print it")
                .contains("A53BAF6548A344568D709BB62B2EC7B4");
        assertThat(m.get(1).heartbeat()).isEqualTo(MountHeartbeat.NOT_SHOWN);
        assertThat(m.get(1).clusterMode()).isFalse();
        assertThat(m.get(1).clusterStack()).contains("pcmk");
        assertThat(t.ocfs2MountAt("/srv/pcmk")).isPresent();
        assertThat(t.ocfs2MountAt("/srv/none")).isEmpty();
    }

    @Test
    void decodesOctalEscapes() throws Exception {
        MountEntry e = MountTable.parse("/proc/mounts",
                "/dev/sdb1 /mnt/my\\040disk\\011tab\\134back\\303\\251 ocfs2 rw,heartbeat=local 0 0\n")
                .entries().get(0);
        assertThat(e.mountPoint()).isEqualTo("/mnt/my disk\ttab\\backé");
    }

    @Test
    void notARepositoryWhenTheDirectoryIsNotAUuid() throws Exception {
        MountTable t = MountTable.parse("/proc/mounts", """
                /dev/a /var/ovs/mount/A53BAF6548A344568D709BB62B2EC7B ocfs2 rw,heartbeat=local 0 0
                /dev/b /var/ovs/mount/A53BAF6548A344568D709BB62B2EC7B4/sub ocfs2 rw,heartbeat=local 0 0
                /dev/c /OVS ocfs2 rw,heartbeat=local 0 0
                """);
        assertThat(t.ocfs2Mounts()).allMatch(m -> m.repositoryUuid().isEmpty());
    }

    @Test
    void errorsNameTheLine() {
        assertThatThrownBy(() -> MountTable.parse("/proc/mounts", "proc /proc proc rw 0 0\n\n/dev/sdc1 /x ocfs2\n"))
                .isInstanceOf(MountTableException.class)
                .hasMessage("/proc/mounts line 3: expected 6 fields (device, mount point, type, options, dump, pass),"
                        + " found 3: /dev/sdc1 /x ocfs2");
        assertThatThrownBy(() -> MountTable.parse("/proc/mounts", "/dev/a /mnt/b\\04x ocfs2 rw 0 0"))
                .hasMessage("/proc/mounts line 1: bad escape in '/mnt/b\\04x' (expected a backslash and three octal"
                        + " digits, e.g. \\040 for a space)");
        assertThatThrownBy(() -> MountTable.parse("/proc/mounts", "/dev/a /b ext4 rw x 0"))
                .hasMessage("/proc/mounts line 1: field 5 (dump) must be a number, found 'x'");
        assertThatThrownBy(() -> MountTable.parse("/proc/mounts", "a b c d 0 0 extra"))
                .hasMessageStartingWith("/proc/mounts line 1: expected 6 fields");
    }

    @Test
    void unknownHeartbeatValueIsAnErrorWithItsLine() throws Exception {
        MountTable t = MountTable.parse("/proc/mounts", "proc /proc proc rw 0 0\n/dev/a /b ocfs2 rw,heartbeat=disk 0 0");
        assertThatThrownBy(t::ocfs2Mounts).isInstanceOf(MountTableException.class)
                .hasMessage("/proc/mounts line 2: unknown heartbeat mode 'disk' for /b (expected heartbeat=local,"
                        + " global or none)");
    }

    @Test
    void readsAFileAndAcceptsMtabStyleLinesWithoutDumpAndPass(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mounts"), "# fstab-style comment\n" + SEED_CLUSTER + "\n"
                + "/dev/sdd /data ocfs2 rw,heartbeat=none\n");
        MountTable t = MountTable.read(file);
        assertThat(t.source()).isEqualTo(file.toString());
        assertThat(t.ocfs2Mounts()).extracting(Ocfs2Mount::heartbeat)
                .containsExactly(MountHeartbeat.LOCAL, MountHeartbeat.NONE);
        assertThat(t.entries().get(1).line()).isEqualTo(3);
    }
}
