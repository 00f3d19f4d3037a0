package io.o2pool.agent.pool;

import io.o2pool.agent.api.GenerationRef;
import java.util.Optional;

/**
 * Whether this node's stack may start on its live configuration, judged against the pool record in the shared
 * repository: a pure function. The node holds its stack when the pool has moved on without it — a newer generation
 * with other files (it missed changes while dead, stopped or in maintenance: its cluster.conf would not know the nodes
 * added meanwhile) or a newer generation that no longer lists it (it was removed). No record, a record of another
 * pool, or a record no newer than (or with the same files as) the live generation lets it start.
 */
public record Admission(Decision decision, String reason) {
    /** The verdict. */
    public enum Decision {
        /** The live configuration is the pool's (or nothing says otherwise). */
        START,
        /** The pool runs a newer generation: wait for the manager to bring this node to it. */
        HOLD_BEHIND,
        /** The pool's newer generation no longer lists this node: it was removed and must not start. */
        HOLD_REMOVED
    }

    public boolean admitted() {
        return decision == Decision.START;
    }

    /** Judges node {@code nodeName} running {@code live} (null: nothing committed) against {@code record}. */
    public static Admission judge(String nodeName, GenerationRef live, Optional<PoolRecord> record) {
        if (live == null) {
            return new Admission(Decision.START, "no generation is live on " + nodeName);
        }
        if (record.isEmpty()) {
            return new Admission(Decision.START, "no pool record in the repository; generation "
                    + live.generation() + " is live");
        }
        PoolRecord r = record.get();
        if (!r.poolId().equals(live.poolId())) {
            return new Admission(Decision.START, "the repository's pool record is pool " + r.poolId()
                    + "'s, not this node's pool " + live.poolId());
        }
        if (r.generation() <= live.generation() || r.checksum().equals(live.checksum())) {
            return new Admission(Decision.START, "generation " + live.generation() + " is current (the pool record"
                    + " says generation " + r.generation() + ")");
        }
        String pool = "pool " + r.poolId() + " is at generation " + r.generation() + " (written by " + r.writtenBy()
                + " at " + r.writtenAt() + ")";
        if (!r.lists(nodeName)) {
            return new Admission(Decision.HOLD_REMOVED, nodeName + " no longer belongs to the pool: " + pool
                    + " without it; its stack stays stopped (add the server to a pool again to use it)");
        }
        return new Admission(Decision.HOLD_BEHIND, pool + " but " + nodeName + " has generation "
                + live.generation() + "; its stack stays stopped until the manager brings it to generation "
                + r.generation() + " (it does when the server answers again; or Exit maintenance)");
    }
}
