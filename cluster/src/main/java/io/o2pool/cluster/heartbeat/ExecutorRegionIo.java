package io.o2pool.cluster.heartbeat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@link RegionIo} over a blocking {@link RegionStore}, running each request on {@code executor} (one
 * I/O thread per node in production, a direct executor in tests). Thread-safe if the store is.
 */
public final class ExecutorRegionIo implements RegionIo {
    private final RegionStore store;
    private final Executor executor;

    public ExecutorRegionIo(RegionStore store, Executor executor) {
        this.store = store;
        this.executor = executor;
    }

    @Override
    public int blockBytes() {
        return store.blockBytes();
    }

    @Override
    public int slotCount() {
        return store.slotCount();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public CompletableFuture<byte[]> read(int firstSlot, int count) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] data = new byte[count * store.blockBytes()];
            try {
                store.read(firstSlot, count, data);
            } catch (IOException e) {
                throw new CompletionException(new UncheckedIOException(e));
            }
            return data;
        }, executor);
    }

    @Override
    public CompletableFuture<Void> write(int slot, byte[] block) {
        return CompletableFuture.runAsync(() -> {
            try {
                store.write(slot, block);
            } catch (IOException e) {
                throw new CompletionException(new UncheckedIOException(e));
            }
        }, executor);
    }
}
