package io.o2pool.libvirtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrerequisitesTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderBehindAClosedParentIsUnreachableNamingTheParentAndItsMode() throws IOException {
        Path closed = Files.createDirectories(tmp.resolve("closed"));
        Path inside = Files.createDirectories(closed.resolve("demo/repository"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        String owner = Files.getOwner(closed).getName();
        assertThat(Prerequisites.unreachable("nobody", inside)).hasValueSatisfying(b -> {
            assertThat(b.folder()).isEqualTo(closed);
            assertThat(b).hasToString(closed + " is rwx------ (owner " + owner + ")");
        });
        assertThat(Prerequisites.unreachable(owner, inside)).as("its owner passes").isEmpty();

        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx-----x"));
        assertThat(Prerequisites.unreachable("nobody", inside)).isEmpty();
        assertThat(Prerequisites.unreachable("nobody", inside.resolve("not/yet/made")))
                .as("folders not made yet are not judged").isEmpty();
    }

    @Test
    void everyRequirementNamesItsDebianPackage() {
        assertThat(Prerequisites.REQUIRED).extracting(Prerequisites.Requirement::debianPackage)
                .contains("libvirt-daemon", "libvirt-daemon-driver-qemu", "libvirt-clients", "qemu-system-x86", "tini");
        assertThat(Prerequisites.userExists("root")).isTrue();
        assertThat(Prerequisites.userExists("no-such-user-o2pool")).isFalse();
    }
}
