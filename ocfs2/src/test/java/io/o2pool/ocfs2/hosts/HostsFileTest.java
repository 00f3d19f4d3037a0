package io.o2pool.ocfs2.hosts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hosts-file parser: glibc's reading rules, line numbers kept. */
class HostsFileTest {

    @Test
    void keepsLineNumbersThroughCommentsAndBlankLines() {
        HostsFile h = HostsFile.parse("/etc/hosts", """
                # The following lines are desirable for IPv4 capable hosts
                127.0.0.1 vm-host03 localhost local.doamin

                127.0.0.1\tlocalhost   local.doamin  # inline comment
                192.168.3.153 vm-host03
                ::1     localhost ip6-localhost ip6-loopback
                """);

        assertThat(h.entries()).containsExactly(
                new HostsEntry(2, "127.0.0.1", List.of("vm-host03", "localhost", "local.doamin")),
                new HostsEntry(4, "127.0.0.1", List.of("localhost", "local.doamin")),
                new HostsEntry(5, "192.168.3.153", List.of("vm-host03")),
                new HostsEntry(6, "::1", List.of("localhost", "ip6-localhost", "ip6-loopback")));
        assertThat(h.warnings()).isEmpty();
        assertThat(h.ipv4EntriesFor("VM-HOST03")).extracting(HostsEntry::line).containsExactly(2, 5);
        assertThat(h.ipv4EntriesFor("ip6-localhost")).isEmpty();
    }

    @Test
    void skipsWhatGlibcSkipsWithAWarning() {
        HostsFile h = HostsFile.parse("/etc/hosts", "192.168.3.153\nvm-host03 192.168.3.153\n010.0.0.1 x\n"
                + "10.0.0.1 ok\n");

        assertThat(h.entries()).containsExactly(new HostsEntry(4, "10.0.0.1", List.of("ok")));
        assertThat(h.warnings()).containsExactly(
                "/etc/hosts line 1: ignored: no host name after 192.168.3.153",
                "/etc/hosts line 2: ignored: 'vm-host03' is not an IP address",
                "/etc/hosts line 3: ignored: '010.0.0.1' is not an IP address");
    }

    @Test
    void entryHelpers() {
        HostsEntry e = new HostsEntry(1, "127.0.1.1", List.of("vm-host03", "localhost"));
        assertThat(e.loopback()).isTrue();
        assertThat(e.ipv4()).isTrue();
        assertThat(e.namesWithout("VM-Host03")).containsExactly("localhost");
        assertThat(e.text()).isEqualTo("127.0.1.1 vm-host03 localhost");
        assertThat(new HostsEntry(1, "128.0.0.1", List.of("x")).loopback()).isFalse();
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hosts"), "192.168.3.152 vm-host02\n");
        HostsFile h = HostsFile.read(file);
        assertThat(h.path()).isEqualTo(file.toString());
        assertThat(h.ipv4EntriesFor("vm-host02")).hasSize(1);
    }
}
