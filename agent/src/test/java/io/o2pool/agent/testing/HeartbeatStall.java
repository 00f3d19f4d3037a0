package io.o2pool.agent.testing;

import io.o2pool.cluster.heartbeat.RegionIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For fencing tests only: while the trigger file exists, every heartbeat write of the userspace node hangs (its
 * future never completes), as on a shared disk that stopped answering, or — when the file says {@code fail} — fails
 * with an I/O error (EIO), so the node fences itself for a heartbeat write timeout for real; when it says
 * {@code delay N}, each write reaches the disk and then completes N ms late, as on a slow disk (dm-delay). A hang is negotiated
 * among the live nodes (o2hb_nego_timeout: a lone node approves its own wait and never fences), a failed write is not,
 * so a one-node test uses {@code fail}. Reads and later writes pass once the file is gone. Test code only: a real
 * agent process gets it through {@link StallingAgentMain}. Thread-safe.
 */
public final class HeartbeatStall implements RegionIo {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatStall.class);

    private final RegionIo delegate;
    private final Path trigger;
    private volatile boolean stalling;

    public HeartbeatStall(RegionIo delegate, Path trigger) {
        this.delegate = delegate;
        this.trigger = trigger;
    }

    @Override
    public int blockBytes() {
        return delegate.blockBytes();
    }

    @Override
    public int slotCount() {
        return delegate.slotCount();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public CompletableFuture<byte[]> read(int firstSlot, int count) {
        return delegate.read(firstSlot, count);
    }

    private String mode() {
        try {
            return Files.readString(trigger).strip();
        } catch (java.io.IOException e) {
            return ""; // gone meanwhile: the next write passes
        }
    }

    @Override
    public CompletableFuture<Void> write(int slot, byte[] block) {
        boolean stall = Files.exists(trigger);
        if (stall != stalling) {
            stalling = stall;
            log.warn(stall ? "heartbeat writes to {} now hang: {} exists (test mode: {})"
                    : "heartbeat writes to {} pass again: {} is gone (test mode: {})", describe(), trigger,
                    StallingAgentMain.class.getSimpleName());
        }
        if (!stall) {
            return delegate.write(slot, block);
        }
        String mode = mode();
        if (mode.startsWith("delay ")) {
            long ms = Long.parseLong(mode.substring("delay ".length()).strip());
            java.util.concurrent.Executor late = CompletableFuture.delayedExecutor(ms,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return delegate.write(slot, block).thenApplyAsync(v -> v, late);
        }
        if (mode.equals("fail")) {
            return CompletableFuture.failedFuture(new java.io.IOException("Input/output error (EIO): heartbeat write"
                    + " of slot " + slot + " to " + describe() + " (test mode)"));
        }
        return new CompletableFuture<>();
    }
}
