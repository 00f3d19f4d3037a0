package io.o2pool.agent.vm.guard;

import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import java.time.Duration;
import java.time.Instant;

/**
 * When the guard must destroy this server's guests: when its own heartbeat slot, read from the shared disk as the
 * other servers read it, has not changed for {@link #guardBound} — one heartbeat interval inside the write timeout
 * ((dead threshold − 1) × 2 s, the kernel's self-fence bound {@code O2HB_MAX_WRITE_TIMEOUT_MS}) — or shows a clean
 * stop (generation 0: the others drop the node at once). The others declare the node dead after dead threshold
 * samples without a change, nominally dead threshold × 2 s after its last write; but their heartbeat keeps a fixed
 * period, so after a late iteration the next sample comes sooner and the bound can shrink by most of an interval
 * (measured under load at threshold 7: a SIGKILLed agent declared dead 13.5 s after its kill, not 14 s after its last
 * write). Killing at (dead threshold − 2) × 2 s keeps the guests' death ahead of that verdict by ~2 s plus that
 * slack; the guard's poll (200 ms) and the SIGKILL (milliseconds) come off it. Pure.
 */
public final class GuardDecision {
    private GuardDecision() {
    }

    /** KILL or WATCH, with the reason. {@code lastChange} is when the guard last saw its slot change. */
    public static Verdict decide(Instant lastChange, Instant now, int deadThreshold, boolean cleanStop) {
        Duration writeTimeout = guardBound(deadThreshold);
        if (cleanStop) {
            return new Verdict(true, "the node's slot shows a clean stop (generation 0): the other servers already "
                    + "count it as gone");
        }
        Duration still = Duration.between(lastChange, now);
        if (still.compareTo(writeTimeout) >= 0) {
            return new Verdict(true, "the node's heartbeat has not advanced for " + still.toMillis() + " ms (guard "
                    + "bound " + writeTimeout.toMillis() + " ms, write timeout " + HeartbeatTiming.writeTimeoutMs(
                    deadThreshold) + " ms; the others declare it dead after " + HeartbeatTiming.deadMs(deadThreshold)
                    + " ms)");
        }
        return new Verdict(false, "heartbeat advanced " + still.toMillis() + " ms ago");
    }

    /**
     * How long the slot may stand still before the guests die: (dead threshold − 2) × 2 s, at least two intervals
     * (o2cb's minimum threshold is 7: 10 s).
     */
    public static Duration guardBound(int deadThreshold) {
        return Duration.ofMillis(Math.max(2L * HeartbeatTiming.REGION_TIMEOUT_MS,
                HeartbeatTiming.writeTimeoutMs(deadThreshold) - (long) HeartbeatTiming.REGION_TIMEOUT_MS));
    }

    /** Kill the guests now, or keep watching; {@code reason} for the log. */
    public record Verdict(boolean kill, String reason) {
    }
}
