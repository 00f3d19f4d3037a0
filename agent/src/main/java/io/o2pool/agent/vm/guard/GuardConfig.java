package io.o2pool.agent.vm.guard;

import java.nio.file.Path;
import java.util.List;

/**
 * What the VM guard watches, as the agent writes it ({@code STATE/vm-guard.json}, atomically, re-read by the guard
 * whenever it changes): this node's slot ({@code nodeNumber}, 512-byte slots) in the userspace heartbeat region file
 * ({@code region}; null while the node does not heartbeat), the cluster's dead threshold, the folders with the pid
 * files of this server's guests, and the agent's pid.
 */
public record GuardConfig(String node, int nodeNumber, Path region, int deadThreshold, List<Path> pidDirs,
                          long agentPid) {
    public GuardConfig {
        pidDirs = pidDirs == null ? List.of() : List.copyOf(pidDirs);
    }
}
