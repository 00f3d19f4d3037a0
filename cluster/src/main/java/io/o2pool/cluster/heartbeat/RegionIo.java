package io.o2pool.cluster.heartbeat;

import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous access to a heartbeat region, so the heartbeat loop never blocks its node's thread and the
 * write timeout can fire while a write hangs (as the kernel's {@code hr_write_timeout_work} does while the
 * o2hb thread waits on its bio). Completions may arrive on any thread.
 */
public interface RegionIo {

    /** Bytes per slot. */
    int blockBytes();

    /** Slots in the region. */
    int slotCount();

    /** The region's name for logs. */
    String describe();

    /** Reads {@code count} slots from {@code firstSlot}; the array holds count × blockBytes bytes. */
    CompletableFuture<byte[]> read(int firstSlot, int count);

    /** Writes one block durably into {@code slot}. */
    CompletableFuture<Void> write(int slot, byte[] block);
}
