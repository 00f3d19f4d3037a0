package io.o2pool.cli.demo;

import io.o2pool.libvirtd.Prerequisites.BlockedFolder;
import io.o2pool.libvirtd.Prerequisites.Requirement;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What decides the demo's {@link VmMode}, gathered by {@link VmHostProbe}: the {@code --vm-driver} asked for, the
 * libvirt/QEMU programs missing, whether the demo runs as root (then libvirtd runs as {@code user}, which must exist
 * and reach the data dir: QEMU opens the guests' files in the repository as that user), and why the tiny guest could
 * not be built (empty when it was, or when it was not tried yet).
 *
 * @param unreachable the folder on the way to {@code dataDir} that {@code user} cannot pass, empty if it can
 */
record VmHostFacts(VmDriverChoice requested, List<Requirement> missing, boolean root, String user,
                   boolean userExists, Path dataDir, Optional<BlockedFolder> unreachable, Optional<String> guestProblem) {
    VmHostFacts {
        missing = List.copyOf(missing);
    }

    VmHostFacts withGuestProblem(Optional<String> problem) {
        return new VmHostFacts(requested, missing, root, user, userExists, dataDir, unreachable, problem);
    }
}
