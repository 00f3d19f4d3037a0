package io.o2pool.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.libvirtd.Prerequisites.BlockedFolder;
import io.o2pool.libvirtd.Prerequisites.Requirement;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo's VM mode as a table: what is installed, the user, the data dir, the guest → mode and the reason. */
class VmModeDecisionTest {
    static final Path DATA = Path.of("/root/.o2pool-demo");
    static final Requirement QEMU = new Requirement("qemu-system-x86_64", "qemu-system-x86");
    static final Requirement TINI = new Requirement("tini", "tini");

    static VmHostFacts facts(VmDriverChoice asked, List<Requirement> missing, boolean root, boolean userExists,
                             Optional<BlockedFolder> unreachable, Optional<String> guestProblem) {
        return new VmHostFacts(asked, missing, root, "o2pvirt", userExists, DATA, unreachable, guestProblem);
    }

    static Stream<Arguments> table() {
        Optional<BlockedFolder> none = Optional.empty();
        Optional<String> built = Optional.empty();
        Optional<BlockedFolder> closedRoot = Optional.of(new BlockedFolder(Path.of("/root"), "rwx------", "root"));
        Optional<String> noKernel = Optional.of("scripts/build-tiny-guest.sh failed (exit 1): apt-cache knows no "
                + "linux-image-amd64");
        return Stream.of(
                Arguments.of("all there, root", facts(VmDriverChoice.AUTO, List.of(), true, true, none, built),
                        VmMode.LIBVIRT, false, List.of("libvirt and QEMU are installed", "runs as o2pvirt")),
                Arguments.of("all there, not root: runs as the user", facts(VmDriverChoice.AUTO, List.of(), false,
                        false, none, built), VmMode.LIBVIRT, false, List.of("libvirt and QEMU are installed")),
                Arguments.of("asked for libvirt and all there", facts(VmDriverChoice.LIBVIRT, List.of(), true, true,
                        none, built), VmMode.LIBVIRT, false, List.of("--vm-driver libvirt")),
                Arguments.of("process asked for", facts(VmDriverChoice.PROCESS, List.of(QEMU), true, false, none,
                        built), VmMode.STAND_IN, false, List.of("--vm-driver process")),
                Arguments.of("QEMU and tini missing", facts(VmDriverChoice.AUTO, List.of(QEMU, TINI), true, true, none,
                        built), VmMode.STAND_IN, false, List.of("qemu-system-x86_64, tini are not installed",
                        "apt-get install qemu-system-x86 tini")),
                Arguments.of("no user", facts(VmDriverChoice.AUTO, List.of(), true, false, none, built),
                        VmMode.STAND_IN, false, List.of("user o2pvirt does not exist", "useradd --system",
                        "fixed paths")),
                Arguments.of("data dir behind /root", facts(VmDriverChoice.AUTO, List.of(), true, true, closedRoot,
                        built), VmMode.STAND_IN, false, List.of("cannot reach the data dir /root/.o2pool-demo",
                        "/root is rwx------", "--data-dir /var/tmp/o2pool-demo", "setfacl -m u:o2pvirt:x /root")),
                Arguments.of("everything missing: every reason", facts(VmDriverChoice.AUTO, List.of(QEMU), true,
                        false, none, built), VmMode.STAND_IN, false, List.of("qemu-system-x86_64 is not installed",
                        "user o2pvirt does not exist")),
                Arguments.of("guest not built", facts(VmDriverChoice.AUTO, List.of(), true, true, none, noKernel),
                        VmMode.STAND_IN, false, List.of("the tiny guest could not be built", "linux-image-amd64")),
                Arguments.of("libvirt asked for, QEMU missing: refused", facts(VmDriverChoice.LIBVIRT, List.of(QEMU),
                        true, true, none, built), VmMode.STAND_IN, true, List.of("qemu-system-x86_64 is not installed")),
                Arguments.of("libvirt asked for, no guest: refused", facts(VmDriverChoice.LIBVIRT, List.of(), true,
                        true, none, noKernel), VmMode.STAND_IN, true, List.of("tiny guest")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, VmHostFacts facts, VmMode mode, boolean refused, List<String> reasonSays) {
        VmModeDecision.Verdict v = VmModeDecision.decide(facts);
        assertThat(v.mode()).as(v.reason()).isEqualTo(mode);
        assertThat(v.refused()).as(v.reason()).isEqualTo(refused);
        assertThat(v.reason()).contains(reasonSays);
    }

    @org.junit.jupiter.api.Test
    void anUnknownDriverIsRefusedNamingTheValue() {
        assertThat(VmDriverChoice.parse("libvirt")).isEqualTo(VmDriverChoice.LIBVIRT);
        assertThatThrownBy(() -> VmDriverChoice.parse("kvm")).hasMessageContaining("'kvm'")
                .hasMessageContaining("auto").hasMessageContaining("process");
    }
}
