package io.o2pool.cluster.run;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.fence.FenceRecordStore;
import io.o2pool.cluster.heartbeat.ExecutorRegionIo;
import io.o2pool.cluster.heartbeat.RegionFile;
import io.o2pool.cluster.heartbeat.RegionIo;
import io.o2pool.cluster.heartbeat.RegionStore;
import io.o2pool.cluster.membership.MembershipListener;
import io.o2pool.cluster.net.TcpTransport;
import io.o2pool.cluster.time.SystemClusterTime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Builds a real {@link ClusterNode}: the monotonic clock and one scheduler thread, one I/O thread for the
 * region, TCP on the node's address, fence records in the shared repository. Used by {@link ClusterRunner}, the
 * benchmark and the agent's userspace stack.
 */
public final class NodeFactory {
    private NodeFactory() {
    }

    /**
     * A node heartbeating on {@code regionDir/heartbeat} (or, when {@code image} is given, on that OCFS2 volume's
     * heartbeat file), writing fence records under {@code regionDir/fence} when {@code regionDir} is given.
     */
    public static ClusterNode build(ClusterNodeConfig config, Path regionDir, Path image, MembershipListener listener)
            throws IOException {
        return build(config, regionDir, image, listener, null);
    }

    /**
     * Like {@link #build(ClusterNodeConfig, Path, Path, MembershipListener)}, with what the {@code stop} fence stops
     * besides the cluster stack ({@code stopServices}, e.g. the agent's VMs; null: nothing). It runs on the fence
     * action's own thread after the fence record is written, and may block.
     */
    public static ClusterNode build(ClusterNodeConfig config, Path regionDir, Path image, MembershipListener listener,
            Runnable stopServices) throws IOException {
        return build(config, regionDir, image, listener, stopServices, UnaryOperator.identity());
    }

    /**
     * Like {@link #build(ClusterNodeConfig, Path, Path, MembershipListener, Runnable)}, with the region's I/O passed
     * through {@code regionIo} first: a seam for fault injection (the agent's heartbeat-stall test hook).
     */
    public static ClusterNode build(ClusterNodeConfig config, Path regionDir, Path image, MembershipListener listener,
            Runnable stopServices, UnaryOperator<RegionIo> regionIo) throws IOException {
        String name = config.localNode().name();
        RegionStore region;
        String regionName;
        if (image != null) {
            region = RegionStore.openVolume(image);
            regionName = image.getFileName().toString();
        } else {
            region = RegionFile.openShared(regionDir);
            regionName = regionDir.toAbsolutePath().normalize().getFileName().toString();
        }
        ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "o2hb-io-" + name);
            t.setDaemon(true);
            return t;
        });
        SystemClusterTime time = new SystemClusterTime("o2pool-" + name);
        ClusterNode.Builder b = ClusterNode.builder(config).time(time)
                .region(regionIo.apply(new ExecutorRegionIo(region, io)), regionName)
                .transport(new TcpTransport())
                .owns(time).owns(io::shutdownNow).owns(region);
        if (regionDir != null) {
            b.fenceRecords(new FenceRecordStore(regionDir));
        }
        if (listener != null) {
            b.listener(listener);
        }
        if (stopServices != null) {
            b.stopServices(stopServices);
        }
        return b.build();
    }
}
