package io.o2pool.cli.demo;

import io.o2pool.cli.demo.DemoLayout.DemoServer;
import io.o2pool.libvirtd.Prerequisites;
import io.o2pool.libvirtd.SessionLibvirtd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the demo's VMs are ({@link VmModeDecision}'s verdict) and, for real ones, the tiny guest they boot; turns
 * into each agent's VM options, starting the server's libvirtd first.
 */
record VmSetup(VmModeDecision.Verdict verdict, Optional<Path> guest) {
    VmMode mode() {
        return verdict.mode();
    }

    /**
     * Decides the mode, building the tiny guest only when everything else allows real VMs (its output goes to the
     * data dir), and prints the choice with its reason — unless {@code --vm-driver libvirt} is refused.
     */
    static VmSetup decide(VmHostFacts facts, DemoLayout layout, PrintStream out) {
        VmModeDecision.Verdict verdict = VmModeDecision.decide(facts);
        Optional<Path> guest = Optional.empty();
        if (verdict.mode() == VmMode.LIBVIRT) {
            out.println("VMs: building or checking the tiny guest (scripts/build-tiny-guest.sh; the first time it "
                    + "downloads a Debian kernel package) ...");
            out.flush();
            TinyGuestBuild.Result built = TinyGuestBuild.build(layout.tinyGuestLog());
            verdict = VmModeDecision.decide(facts.withGuestProblem(built.problem()));
            guest = built.folder();
            if (verdict.mode() == VmMode.LIBVIRT) {
                out.println("  " + built.summary());
            }
        }
        if (!verdict.refused()) {
            switch (verdict.mode()) {
                case LIBVIRT -> out.println("VMs: real libvirt guests, one session libvirtd per server ("
                        + verdict.reason() + "); each guest takes 96 MiB (~180 MB resident) and ~3 % of a core"
                        + " (QEMU TCG)");
                case STAND_IN -> out.println("VMs: stand-in VMs (process driver): " + verdict.reason());
            }
            out.flush();
        }
        return new VmSetup(verdict, guest);
    }

    /** Whether {@code --vm-driver libvirt} cannot be had here; says why on stderr. */
    static boolean refused(VmModeDecision.Verdict verdict) {
        if (verdict.refused()) {
            System.err.println("o2pool demo: --vm-driver libvirt cannot run here: " + verdict.reason());
        }
        return verdict.refused();
    }

    /**
     * The agent options of server {@code s}: for real VMs its own libvirtd (started now, as {@value
     * VmHostProbe#USER} when root) and the tiny guest; else the process driver.
     */
    List<String> agentArgs(DemoLibvirts libvirts, DemoServer s, DemoLayout layout, PrintStream out)
            throws IOException {
        return switch (mode()) {
            case STAND_IN -> List.of("--vm-driver", "process");
            case LIBVIRT -> {
                SessionLibvirtd libvirtd;
                try {
                    libvirtd = libvirts.start(s, layout.serverList().indexOf(s) + 1, Prerequisites.runningAsRoot()
                            ? Optional.of(VmHostProbe.USER) : Optional.empty());
                } catch (IllegalStateException | IllegalArgumentException e) {
                    throw new IOException("the libvirtd of " + s.name() + " did not start: " + e.getMessage(), e);
                }
                out.println("  libvirtd of " + s.name() + ": " + libvirtd.uri() + " (pid " + libvirtd.libvirtdPid()
                        .map(String::valueOf).orElse("?") + ", state in " + s.libvirtDir() + ")");
                out.flush();
                yield List.of("--vm-driver", "libvirt", "--libvirt-uri", libvirtd.uri(), "--libvirt-migration-uri",
                        libvirtd.migrationUri(), "--tiny-guest", guest.orElseThrow().toString());
            }
        };
    }
}
