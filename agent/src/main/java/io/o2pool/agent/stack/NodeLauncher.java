package io.o2pool.agent.stack;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.heartbeat.RegionIo;
import io.o2pool.cluster.membership.MembershipListener;
import io.o2pool.cluster.run.NodeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

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
        return withRegionIo(UnaryOperator.identity());
    }

    /**
     * The real node, its heartbeat region's I/O passed through {@code regionIo} first: the seam through which tests
     * inject disk faults into a real agent process (a test main class passes it to
     * {@link io.o2pool.agent.AgentMain#run(java.util.List, NodeLauncher)}); production runs {@link #system()}.
     */
    static NodeLauncher withRegionIo(UnaryOperator<RegionIo> regionIo) {
        return (config, regionDir, listener, stopServices) -> NodeFactory.build(config, regionDir, null, listener,
                stopServices, regionIo);
    }
}
