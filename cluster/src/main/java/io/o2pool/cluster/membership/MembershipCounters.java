package io.o2pool.cluster.membership;

import java.util.concurrent.atomic.AtomicLong;

/** Counts of membership changes and heartbeat problems since start, for monitoring. Thread-safe. */
public final class MembershipCounters {
    private final AtomicLong nodeUps = new AtomicLong();
    private final AtomicLong nodeDowns = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong fences = new AtomicLong();
    private final AtomicLong badChecksums = new AtomicLong();
    private final AtomicLong slowWrites = new AtomicLong();
    private final AtomicLong iterations = new AtomicLong();

    void count(EventType type) {
        switch (type) {
            case NODE_UP -> nodeUps.incrementAndGet();
            case NODE_DOWN -> nodeDowns.incrementAndGet();
            case CONNECTED -> connects.incrementAndGet();
            case DISCONNECTED -> disconnects.incrementAndGet();
            case FENCED -> fences.incrementAndGet();
        }
    }

    void refused() {
        refusals.incrementAndGet();
    }

    void badChecksum() {
        badChecksums.incrementAndGet();
    }

    void slowWrite() {
        slowWrites.incrementAndGet();
    }

    void iteration() {
        iterations.incrementAndGet();
    }

    public long nodeUps() {
        return nodeUps.get();
    }

    public long nodeDowns() {
        return nodeDowns.get();
    }

    public long connects() {
        return connects.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    /** Handshakes refused because a peer's timeouts or protocol differ. */
    public long refusals() {
        return refusals.get();
    }

    public long fences() {
        return fences.get();
    }

    /** Samples of live slots with a bad checksum. */
    public long badChecksums() {
        return badChecksums.get();
    }

    /** Own heartbeat writes slower than half the write timeout. */
    public long slowWrites() {
        return slowWrites.get();
    }

    /** Own heartbeat writes completed (one per iteration). */
    public long writes() {
        return iterations.get();
    }
}
