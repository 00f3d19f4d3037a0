package io.o2pool.libvirtd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LibvirtdConfigFilesTest {
    @Test
    void eachInstanceHasItsOwnStableHostUuid() {
        String a = LibvirtdConfigFiles.hostUuid(Path.of("/data/servers/vm-host01/libvirt"));
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isEqualTo(LibvirtdConfigFiles.hostUuid(Path.of("/data/servers/vm-host01/libvirt")))
                .isNotEqualTo(LibvirtdConfigFiles.hostUuid(Path.of("/data/servers/vm-host02/libvirt")));
    }

    @Test
    void theConfigFilesCarryTheUuidTheLogAndTheMigrationPorts() {
        Path dir = Path.of("/data/servers/vm-host01/libvirt");
        assertThat(LibvirtdConfigFiles.libvirtdConf(dir, dir.resolve("libvirtd.log"))).isEqualTo(
                "host_uuid = \"" + LibvirtdConfigFiles.hostUuid(dir) + "\"\n"
                        + "log_outputs = \"3:file:/data/servers/vm-host01/libvirt/libvirtd.log\"\n");
        String qemu = LibvirtdConfigFiles.qemuConf(new LibvirtdSettings("vm-host01", dir, 49300, Optional.of("o2pvirt")));
        assertThat(qemu).contains("migration_port_min = 49300\n", "migration_port_max = 49304\n",
                "stdio_handler = \"file\"\n");
    }

    @Test
    void badSettingsAreRefusedNamingTheInstanceAndTheValue() {
        Path dir = Path.of("/data/libvirt");
        assertThatThrownBy(() -> new LibvirtdSettings("s1", Path.of("relative"), 49300, Optional.empty()))
                .hasMessageContaining("s1").hasMessageContaining("relative").hasMessageContaining("absolute");
        assertThatThrownBy(() -> new LibvirtdSettings("s1", dir, 80, Optional.empty()))
                .hasMessageContaining("s1").hasMessageContaining("80");
        assertThatThrownBy(() -> new LibvirtdSettings("s1", dir, 65531, Optional.empty()))
                .hasMessageContaining("65531");
        assertThatThrownBy(() -> new LibvirtdSettings("s1", dir, 49300, Optional.of("Bad User")))
                .hasMessageContaining("'Bad User'");
        assertThat(new LibvirtdSettings("s1", dir, 49300, Optional.of(" ")).user()).isEmpty();
    }
}
