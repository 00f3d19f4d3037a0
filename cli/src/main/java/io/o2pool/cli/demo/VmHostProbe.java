package io.o2pool.cli.demo;

import io.o2pool.libvirtd.Prerequisites;
import java.nio.file.Path;
import java.util.Optional;

/** Gathers {@link VmHostFacts} from this machine without starting anything (the tiny guest comes later). */
final class VmHostProbe {
    /** The unprivileged user a root demo runs each libvirtd and its QEMUs as (scripts/install-test-deps.sh creates it). */
    static final String USER = "o2pvirt";

    private VmHostProbe() {
    }

    static VmHostFacts probe(VmDriverChoice requested, Path dataDir) {
        if (requested == VmDriverChoice.PROCESS) {
            return new VmHostFacts(requested, java.util.List.of(), false, USER, false, dataDir, Optional.empty(),
                    Optional.empty());
        }
        boolean root = Prerequisites.runningAsRoot();
        boolean exists = root && Prerequisites.userExists(USER);
        Optional<Prerequisites.BlockedFolder> unreachable = exists ? Prerequisites.unreachable(USER, dataDir) : Optional.empty();
        return new VmHostFacts(requested, Prerequisites.missing(), root, USER, exists, dataDir, unreachable,
                Optional.empty());
    }
}
