package io.o2pool.cluster.heartbeat;

/**
 * Receives what the disk heartbeat concludes, on the node's thread: the kernel's
 * {@code O2HB_NODE_UP_CB}/{@code O2HB_NODE_DOWN_CB} callbacks, every slot sample (for the membership view),
 * write latencies, the steady state and the write timeout that must fence this node.
 */
public interface HeartbeatListener {

    /** A node became live (our own node too, once our writes are seen twice). */
    void nodeUp(SlotCheck check);

    /** A live node went down (missed samples, clean stop, generation change, or our own shutdown). */
    void nodeDown(SlotCheck check);

    /** Our heartbeat write did not complete in time ({@code o2hb_write_timeout}): this node must fence itself. */
    void writeTimeout(long elapsedMs);

    /** Every sample of every configured slot, after the liveness decision. */
    default void sampled(SlotCheck check) {
    }

    /** One of our own block writes completed after {@code latencyMs} (failed writes too). */
    default void writeCompleted(long latencyMs, boolean failed) {
    }

    /** The region reached steady state: start-up is complete ({@code hr_steady_iterations} reached 0). */
    default void steady() {
    }

    /** The region could not start ({@code Unable to stabilize heartbeat}, or the first read failed). */
    default void startAborted(String reason) {
    }
}
