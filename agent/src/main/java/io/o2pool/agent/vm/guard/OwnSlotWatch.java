package io.o2pool.agent.vm.guard;

import io.o2pool.cluster.heartbeat.HeartbeatBlock;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * This node's slot as successive reads of the region show it: when its bytes last changed (on the injected clock)
 * and whether it shows a clean stop. A fresh watch, or one whose slot was just (re)configured, counts from now. Not
 * thread-safe; the guard's loop owns it.
 */
public final class OwnSlotWatch {
    private final Clock clock;
    private byte[] last;
    private Instant lastChange;

    public OwnSlotWatch(Clock clock) {
        this.clock = clock;
        this.lastChange = clock.instant();
    }

    /** Records one read of the slot ({@code block}: its 512 bytes). */
    public void observe(byte[] block) {
        if (last == null || !Arrays.equals(last, block)) {
            last = block.clone();
            lastChange = clock.instant();
        }
    }

    /** Starts over (a new region or slot): the deadline counts from now. */
    public void reset() {
        last = null;
        lastChange = clock.instant();
    }

    public Instant lastChange() {
        return lastChange;
    }

    /** The slot's last block shows a clean stop: written (non-zero sequence) with generation 0. */
    public boolean cleanStop() {
        if (last == null) {
            return false;
        }
        HeartbeatBlock b = HeartbeatBlock.decode(last, 0);
        return b.seq() != 0 && b.generation() == 0;
    }

    public GuardDecision.Verdict decide(int deadThreshold) {
        return GuardDecision.decide(lastChange, clock.instant(), deadThreshold, cleanStop());
    }
}
