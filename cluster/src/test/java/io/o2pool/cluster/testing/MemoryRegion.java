package io.o2pool.cluster.testing;

import io.o2pool.cluster.heartbeat.ExecutorRegionIo;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.cluster.heartbeat.RegionIo;
import io.o2pool.cluster.heartbeat.RegionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A heartbeat region in memory shared by every node of a {@link LocalPool} (the "shared disk"), with per-node
 * views whose writes can be stalled ({@link NodeIo#stallWrites()}) to test the write timeout.
 */
public final class MemoryRegion implements RegionStore {
    private final byte[] data = new byte[HeartbeatTiming.MAX_NODES * 512];

    @Override
    public int blockBytes() {
        return 512;
    }

    @Override
    public int slotCount() {
        return HeartbeatTiming.MAX_NODES;
    }

    @Override
    public synchronized void read(int firstSlot, int count, byte[] into) {
        System.arraycopy(data, firstSlot * 512, into, 0, count * 512);
    }

    @Override
    public synchronized void write(int slot, byte[] block) {
        System.arraycopy(block, 0, data, slot * 512, 512);
    }

    @Override
    public String describe() {
        return "memory-region";
    }

    /** A copy of the whole region. */
    public synchronized byte[] snapshot() {
        return data.clone();
    }

    /** Node-local I/O on this region, completing at once unless writes are stalled. */
    public NodeIo ioFor() {
        return new NodeIo();
    }

    /** One node's access to the shared region. */
    public final class NodeIo implements RegionIo {
        private final RegionIo direct = new ExecutorRegionIo(MemoryRegion.this, Runnable::run);
        private final List<Runnable> held = new ArrayList<>();
        private boolean stalled;

        @Override
        public int blockBytes() {
            return 512;
        }

        @Override
        public int slotCount() {
            return HeartbeatTiming.MAX_NODES;
        }

        @Override
        public String describe() {
            return "memory-region";
        }

        @Override
        public CompletableFuture<byte[]> read(int firstSlot, int count) {
            return direct.read(firstSlot, count);
        }

        @Override
        public synchronized CompletableFuture<Void> write(int slot, byte[] block) {
            if (!stalled) {
                return direct.write(slot, block);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(() -> {
                MemoryRegion.this.write(slot, block);
                f.complete(null);
            });
            return f;
        }

        /** From now on writes hang (never reach the region, never complete) until {@link #release()}. */
        public synchronized void stallWrites() {
            stalled = true;
        }

        /** Completes the hung writes (they reach the region now) and stops stalling. */
        public void release() {
            List<Runnable> toRun;
            synchronized (this) {
                stalled = false;
                toRun = new ArrayList<>(held);
                held.clear();
            }
            toRun.forEach(Runnable::run);
        }
    }
}
