package io.o2pool.cluster.membership;

/** Receives membership events, on the node's thread; must not block. */
@FunctionalInterface
public interface MembershipListener {

    /** One change. */
    void onEvent(MembershipEvent event);
}
