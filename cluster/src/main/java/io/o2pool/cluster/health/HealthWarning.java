package io.o2pool.cluster.health;

/**
 * One reason for a {@link HealthLevel#WARNING}. Immutable.
 *
 * @param kind    what is slow
 * @param peer    the peer's name for {@link Kind#PEER_STALE}, null for this node's own writes
 * @param message for people: the figures, the bound and what happens at the bound
 */
public record HealthWarning(Kind kind, String peer, String message) {

    /** What a warning is about; the manager records one event kind per constant. */
    public enum Kind {
        /** This node's own heartbeat write is slow or hung: it fences itself at the write timeout. */
        SLOW_WRITE("heartbeat.slow"),
        /** A live peer's slot has not changed for more than half the dead bound: the others will declare it dead. */
        PEER_STALE("heartbeat.peer-stale");

        private final String eventKind;

        Kind(String eventKind) {
            this.eventKind = eventKind;
        }

        /** The manager's audit event kind. */
        public String eventKind() {
            return eventKind;
        }
    }
}
