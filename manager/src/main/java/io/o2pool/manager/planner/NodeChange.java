package io.o2pool.manager.planner;

/**
 * What a plan does to one server, with the unified diff of its cluster.conf.
 *
 * @param kind what happens to the server
 * @param diff unified diff from its live cluster.conf to the new one; empty when unchanged
 */
public record NodeChange(String server, Kind kind, String diff) {

    /** The kind of change a node receives. */
    public enum Kind {
        /** The server joins: stage and commit the generation, then start its stack. */
        JOIN,
        /** A member: stage and commit the new generation (its running stack learns the change). */
        UPDATE,
        /** A member leaving: stop its stack; it keeps no role in the cluster. */
        LEAVE,
        /** Already runs the desired config; nothing to do. */
        UNCHANGED
    }

    /** Whether the server receives the new generation (stage and commit). */
    public boolean receivesConfig() {
        return kind == Kind.JOIN || kind == Kind.UPDATE;
    }
}
