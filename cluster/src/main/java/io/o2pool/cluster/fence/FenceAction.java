package io.o2pool.cluster.fence;

/**
 * What happens after a node has stopped heartbeating uncleanly and written its fence record: the pluggable
 * part of fencing ({@code o2quo_fence_self} restarts or panics; o2pool lets configuration choose).
 * Called once, on the node's thread; it may block.
 */
public interface FenceAction {

    /** Carries out the fence for {@code record}; an exception is logged and the node stays FENCED. */
    void fence(FenceRecord record) throws Exception;
}
