package io.o2pool.manager.planner;

import java.util.Collection;
import java.util.OptionalInt;

/** Allocates O2CB node numbers: new servers take the lowest free number (SPEC), the first server gets 0. */
public final class NodeNumbers {
    private NodeNumbers() {
    }

    /** The lowest number in 0..min(maxNodes, 255)-1 not in {@code used}, or empty when the pool is full. */
    public static OptionalInt lowestFree(Collection<Integer> used, int maxNodes) {
        int limit = Math.min(maxNodes, ClusterSpec.MAX_NODE_NUMBER + 1);
        for (int n = 0; n < limit; n++) {
            if (!used.contains(n)) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }
}
