package io.o2pool.testkit.cluster;

import io.o2pool.cluster.heartbeat.ExecutorRegionIo;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.cluster.heartbeat.RegionIo;
import io.o2pool.cluster.heartbeat.RegionStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A full heartbeat region (255 slots of 512 bytes) in memory, shared by every node of a {@link LocalPool} (the
 * "shared disk"), with per-node views ({@link #ioFor()}) whose faults are data: a node's writes can hang
 * ({@link NodeIo#stallWrites()}, for the write timeout and the o2hb write-hang negotiation) or fail with EIO
 * ({@link NodeIo#failWrites()}, a dead path to the storage). Thread-safe.
 */
public final class MemoryRegion implements RegionStore {
    private static final int BLOCK_BYTES = 512;

    private final byte[] data = new byte[HeartbeatTiming.MAX_NODES * BLOCK_BYTES];

    @Override
    public int blockBytes() {
        return BLOCK_BYTES;
    }

    @Override
    public int slotCount() {
        return HeartbeatTiming.MAX_NODES;
    }

    @Override
    public synchronized void read(int firstSlot, int count, byte[] into) {
        System.arraycopy(data, firstSlot * BLOCK_BYTES, into, 0, count * BLOCK_BYTES);
    }

    @Override
    public synchronized void write(int slot, byte[] block) {
        System.arraycopy(block, 0, data, slot * BLOCK_BYTES, BLOCK_BYTES);
    }

    @Override
    public String describe() {
        return "memory-region";
    }

    /** A copy of the whole region. */
    public synchronized byte[] snapshot() {
        return data.clone();
    }

    /** One node's I/O on this region, completing at once until a fault is injected. */
    public NodeIo ioFor() {
        return new NodeIo();
    }

    /** One node's access to the shared region: its path to the storage, which can hang or fail. */
    public final class NodeIo implements RegionIo {
        private final RegionIo direct = new ExecutorRegionIo(new NodeView(), Runnable::run);
        private final List<Runnable> held = new ArrayList<>();
        private boolean stalled;
        private volatile boolean failing;

        @Override
        public int blockBytes() {
            return BLOCK_BYTES;
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
            held.add(() -> direct.write(slot, block).whenComplete((ok, error) -> {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            }));
            return f;
        }

        /** From now on writes hang (never reach the region, never complete) until {@link #release()}. */
        public synchronized void stallWrites() {
            stalled = true;
        }

        /** Completes the hung writes (they reach the region now, or fail if writes fail) and stops stalling. */
        public void release() {
            List<Runnable> toRun;
            synchronized (this) {
                stalled = false;
                toRun = new ArrayList<>(held);
                held.clear();
            }
            toRun.forEach(Runnable::run);
        }

        /**
         * From now on this node's writes fail at once with an {@link IOException} (EIO), as a block device whose
         * path to the storage is gone completes its bios with an error; reads still succeed.
         */
        public void failWrites() {
            failing = true;
        }

        /** The region as this node's writes see it. */
        private final class NodeView implements RegionStore {
            @Override
            public int blockBytes() {
                return BLOCK_BYTES;
            }

            @Override
            public int slotCount() {
                return HeartbeatTiming.MAX_NODES;
            }

            @Override
            public void read(int firstSlot, int count, byte[] into) {
                MemoryRegion.this.read(firstSlot, count, into);
            }

            @Override
            public void write(int slot, byte[] block) throws IOException {
                if (failing) {
                    throw new IOException("Input/output error (EIO) writing slot " + slot + " of memory-region");
                }
                MemoryRegion.this.write(slot, block);
            }

            @Override
            public String describe() {
                return "memory-region";
            }
        }
    }
}
