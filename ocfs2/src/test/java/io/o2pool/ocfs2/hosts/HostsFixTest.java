package io.o2pool.ocfs2.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hosts-file fix: the seed's loopback line, a wrong address, a missing line; the result passes the check. */
class HostsFixTest {
    static final NameResolver NOTHING = host -> java.util.List.of();

    private static NameMappingFinding.Code check(String text) {
        return new NameMappingCheck(HostsFile.parse("/etc/hosts", text), NOTHING, false)
                .check("vm-host03", "192.168.3.153").code();
    }

    @Test
    void theSeedsLoopbackLineLosesTheNameAndTheClusterAddressGetsIt() {
        String seed = "127.0.0.1\tvm-host03 localhost.localdomain localhost\n::1\tlocalhost6\n";
        assertThat(check(seed)).isEqualTo(NameMappingFinding.Code.LOOPBACK);
        HostsFix.Result r = HostsFix.fix(seed, "vm-host03", "192.168.3.153");
        assertThat(r.text()).isEqualTo("127.0.0.1\tlocalhost.localdomain localhost\n::1\tlocalhost6\n"
                + "192.168.3.153\tvm-host03\n");
        assertThat(r.changes()).containsExactly("line 1: removed vm-host03 from 127.0.0.1",
                "line 3: added '192.168.3.153 vm-host03'");
        assertThat(check(r.text())).isEqualTo(NameMappingFinding.Code.MAPPED);
    }

    @Test
    void aLineOnlyForTheNodeAtAnotherAddressIsCommentedOutAndAnExistingAddressLineGetsTheName() {
        String text = "# static\n10.0.0.9 VM-HOST03\n192.168.3.153 storage03 # the storage NIC\n";
        HostsFix.Result r = HostsFix.fix(text, "vm-host03", "192.168.3.153");
        assertThat(r.text()).isEqualTo("# static\n# 10.0.0.9 VM-HOST03   # o2pool: vm-host03 maps to 192.168.3.153\n"
                + "192.168.3.153\tstorage03 vm-host03\t# the storage NIC\n");
        assertThat(check(r.text())).isEqualTo(NameMappingFinding.Code.MAPPED);
    }

    @Test
    void aCorrectFileIsLeftAloneAndAFileWithoutAFinalNewlineKeepsItsLines() {
        String ok = "127.0.0.1 localhost\n192.168.3.153 vm-host03\n";
        assertThat(HostsFix.fix(ok, "vm-host03", "192.168.3.153").changed()).isFalse();
        assertThat(HostsFix.fix(ok, "vm-host03", "192.168.3.153").text()).isEqualTo(ok);
        assertThat(HostsFix.fix("127.0.0.1 localhost", "vm-host03", "192.168.3.153").text())
                .isEqualTo("127.0.0.1 localhost\n192.168.3.153\tvm-host03\n");
        assertThatThrownBy(() -> HostsFix.fix(ok, "vm-host03", "not-an-ip")).hasMessageContaining("not-an-ip");
    }
}
