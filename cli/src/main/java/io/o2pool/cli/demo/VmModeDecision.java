package io.o2pool.cli.demo;

import io.o2pool.libvirtd.Prerequisites.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which VMs the demo runs, as a pure function of {@link VmHostFacts}: real libvirt guests when every program is
 * installed, the unprivileged user (as root) exists and can reach the data dir, and the tiny guest was built;
 * otherwise stand-ins, with every reason and its fix — or, when {@code --vm-driver libvirt} was asked for, a refusal
 * with the same reasons. Why a user: a root libvirtd is "privileged" whatever its options and then uses the system's
 * fixed paths ({@code /etc/libvirt/qemu}, {@code /run/libvirt/qemu}, ...), so two on one machine would share their
 * domains; in session mode as an unprivileged user each derives its paths from its own folders. The demo uses the
 * dedicated user {@code scripts/install-test-deps.sh} creates and never creates a user itself (a demo should not add
 * system accounts): a missing user is a reason, with the command that creates it.
 */
final class VmModeDecision {
    private VmModeDecision() {
    }

    /** The mode and why; {@code refused} when libvirt was required and cannot run here. */
    record Verdict(VmMode mode, String reason, boolean refused) {
    }

    static Verdict decide(VmHostFacts f) {
        if (f.requested() == VmDriverChoice.PROCESS) {
            return new Verdict(VmMode.STAND_IN, "--vm-driver process asks for them", false);
        }
        List<String> problems = new ArrayList<>();
        if (!f.missing().isEmpty()) {
            problems.add(f.missing().stream().map(Requirement::what).collect(Collectors.joining(", "))
                    + (f.missing().size() == 1 ? " is" : " are") + " not installed (apt-get install "
                    + f.missing().stream().map(Requirement::debianPackage).distinct().collect(Collectors.joining(" "))
                    + ")");
        }
        if (f.root() && !f.userExists()) {
            problems.add("user " + f.user() + " does not exist: as root, each server's libvirtd runs as this "
                    + "unprivileged user (a root libvirtd uses the system's fixed paths, so two would share their "
                    + "domains); create it: useradd --system --no-create-home --home-dir /nonexistent --shell "
                    + "/usr/sbin/nologin " + f.user() + " (scripts/install-test-deps.sh does)");
        } else if (f.root() && f.unreachable().isPresent()) {
            problems.add("user " + f.user() + ", which runs the guests, cannot reach the data dir " + f.dataDir()
                    + ": " + f.unreachable().get() + "; run the demo with --data-dir /var/tmp/o2pool-demo, or let "
                    + f.user() + " pass: setfacl -m u:" + f.user() + ":x " + f.unreachable().get().folder());
        }
        if (problems.isEmpty() && f.guestProblem().isPresent()) {
            problems.add("the tiny guest could not be built: " + f.guestProblem().get());
        }
        if (problems.isEmpty()) {
            return new Verdict(VmMode.LIBVIRT, (f.requested() == VmDriverChoice.LIBVIRT ? "--vm-driver libvirt; "
                    : "") + "libvirt and QEMU are installed" + (f.root() ? "; each server's libvirtd runs as "
                    + f.user() : ""), false);
        }
        String reason = String.join("; ", problems);
        return new Verdict(VmMode.STAND_IN, reason, f.requested() == VmDriverChoice.LIBVIRT);
    }
}
