package io.o2pool.agent.stack;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.membership.MembershipListener;
import io.o2pool.cluster.run.NodeFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the {@code cluster} module's node for the userspace driver: heartbeat region file and fence records in
 * {@code regionDir} (shared by every node), o2net over TCP on the node's address. A seam so driver tests can build
 * nodes on other regions, transports or clocks.
 */
@FunctionalInterface
public interface NodeLauncher {
    /**
     * A node of {@code config}, not started, reporting membership events to {@code listener}; its {@code stop} fence
     * runs {@code stopServices} (the server's VMs) after the fence record is written.
     */
    ClusterNode build(ClusterNodeConfig config, Path regionDir, MembershipListener listener, Runnable stopServices)
            throws IOException;

    /** The real node: {@link NodeFactory} with the monotonic clock, one scheduler thread and TCP. */
    static NodeLauncher system() {
        return (config, regionDir, listener, stopServices) ->
                NodeFactory.build(config, regionDir, null, listener, stopServices);
    }

    /**
     * The real node, unless {@code stallTrigger} (the value of {@link HeartbeatStall#ENVIRONMENT_VARIABLE}) names a
     * file: then, for fencing tests, its heartbeat writes hang while that file exists.
     */
    static NodeLauncher fromEnvironment(String stallTrigger) {
        if (stallTrigger == null || stallTrigger.isBlank()) {
            return system();
        }
        Path trigger = Path.of(stallTrigger.strip());
        return (config, regionDir, listener, stopServices) -> NodeFactory.build(config, regionDir, null, listener,
                stopServices, io -> new HeartbeatStall(io, trigger));
    }
}
