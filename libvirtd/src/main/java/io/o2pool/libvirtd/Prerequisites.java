package io.o2pool.libvirtd;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What running session libvirtd instances needs from this machine, looked up without starting anything: the
 * programs (each with the Debian package that has it), whether this process is root, whether the unprivileged user
 * exists, and whether that user can reach a folder (QEMU, running as that user, opens the guests' files there).
 */
public final class Prerequisites {
    /** A program (or libvirt module) that must be installed, and the Debian package that installs it. */
    public record Requirement(String what, String debianPackage) {
    }

    public static final List<Requirement> REQUIRED = List.of(
            new Requirement("libvirtd", "libvirt-daemon"),
            new Requirement("libvirt's QEMU driver", "libvirt-daemon-driver-qemu"),
            new Requirement("virsh", "libvirt-clients"),
            new Requirement("qemu-system-x86_64", "qemu-system-x86"),
            new Requirement("tini", "tini"),
            new Requirement("setpriv", "util-linux"));
    private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"),
            Path.of("/bin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));

    private Prerequisites() {
    }

    /** The requirements not met on this machine, in {@link #REQUIRED}'s order. */
    public static List<Requirement> missing() {
        List<Requirement> missing = new ArrayList<>();
        for (Requirement r : REQUIRED) {
            boolean present = r.what().equals("libvirt's QEMU driver") ? qemuDriverInstalled()
                    : program(r.what()).isPresent();
            if (!present) {
                missing.add(r);
            }
        }
        return missing;
    }

    /** {@code name} in the system program folders ({@code /usr/sbin}, {@code /usr/bin}, ...), if installed. */
    public static Optional<Path> program(String name) {
        return SEARCH.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** {@code name}'s path, or an {@link IllegalStateException} naming the package that has it. */
    public static Path require(String name, String debianPackage) {
        return program(name).orElseThrow(() -> new IllegalStateException(name + " is not installed; apt-get install "
                + debianPackage));
    }

    /** Whether libvirt's QEMU connection driver module is installed (libvirtd starts without it, then knows no qemu). */
    public static boolean qemuDriverInstalled() {
        List<Path> roots = new ArrayList<>(List.of(Path.of("/usr/lib64/libvirt/connection-driver")));
        try (Stream<Path> libs = Files.list(Path.of("/usr/lib"))) {
            libs.map(p -> p.resolve("libvirt/connection-driver")).forEach(roots::add);
        } catch (IOException e) {
            // no /usr/lib: only /usr/lib64 is looked at
        }
        roots.add(Path.of("/usr/lib/libvirt/connection-driver"));
        return roots.stream().anyMatch(r -> Files.isRegularFile(r.resolve("libvirt_driver_qemu.so")));
    }

    /** Whether this process runs as uid 0 (the real uid, from {@code /proc/self/status}). */
    public static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[0].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux: treat as not root
        }
        return false;
    }

    /** Whether the system knows the user {@code user} (passwd or any NSS source). */
    public static boolean userExists(String user) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** A folder a user cannot pass through: its path, mode ({@code rwx------}) and owner. */
    public record BlockedFolder(Path folder, String mode, String owner) {
        @Override
        public String toString() {
            return folder + " is " + mode + " (owner " + owner + ")";
        }
    }

    /**
     * Why {@code user} cannot reach {@code path}: the first existing folder from {@code /} down to {@code path} that
     * it does not own and whose mode lacks the others' search bit (group membership is not counted), e.g.
     * {@code /root is rwx------ (owner root)}; empty when every existing one lets it pass.
     */
    public static Optional<BlockedFolder> unreachable(String user, Path path) {
        List<Path> chain = new ArrayList<>();
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            chain.addFirst(p);
        }
        for (Path p : chain) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.owner().getName().equals(user) && !a.permissions().contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return Optional.of(new BlockedFolder(p, PosixFilePermissions.toString(a.permissions()),
                            a.owner().getName()));
                }
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of(new BlockedFolder(p, "unreadable (" + e.getMessage() + ")", "unknown"));
            }
        }
        return Optional.empty();
    }
}
