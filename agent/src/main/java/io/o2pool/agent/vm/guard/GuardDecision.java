package io.o2pool.agent.vm.guard;

import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import java.time.Duration;
import java.time.Instant;

/**
 * When the guard must destroy this server's guests: when its own heartbeat slot, read from the shared disk as the
 * other servers read it, has not changed for the write timeout ((dead threshold − 1) × 2 s, the kernel's self-fence
 * bound {@code O2HB_MAX_WRITE_TIMEOUT_MS}), or shows a clean stop (generation 0: the others drop the node at once).
 * The others declare the node dead only after dead threshold × 2 s without a change, counted from their first sample
 * of its last write — one heartbeat interval later — so guests killed at the write timeout (plus the guard's poll and
 * the kill, well under 2 s) are gone before any survivor may take over their leases. Pure.
 */
public final class GuardDecision {
    private GuardDecision() {
    }

    /** KILL or WATCH, with the reason. {@code lastChange} is when the guard last saw its slot change. */
    public static Verdict decide(Instant lastChange, Instant now, int deadThreshold, boolean cleanStop) {
        Duration writeTimeout = Duration.ofMillis(HeartbeatTiming.writeTimeoutMs(deadThreshold));
        if (cleanStop) {
            return new Verdict(true, "the node's slot shows a clean stop (generation 0): the other servers already "
                    + "count it as gone");
        }
        Duration still = Duration.between(lastChange, now);
        if (still.compareTo(writeTimeout) >= 0) {
            return new Verdict(true, "the node's heartbeat has not advanced for " + still.toMillis() + " ms (write "
                    + "timeout " + writeTimeout.toMillis() + " ms; the others declare it dead after "
                    + HeartbeatTiming.deadMs(deadThreshold) + " ms)");
        }
        return new Verdict(false, "heartbeat advanced " + still.toMillis() + " ms ago");
    }

    /** Kill the guests now, or keep watching; {@code reason} for the log. */
    public record Verdict(boolean kill, String reason) {
    }
}
