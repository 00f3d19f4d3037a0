package io.o2pool.agent.api;

/**
 * What {@link LeaseRule} decided: whether the requester may take (or change) the lease, the rule that decided, and
 * the sentence to show — for a refusal it names the VM, the holder and what to do.
 */
public record LeaseVerdict(boolean granted, Rule rule, String message) {
    /** The rule that decided; each constant says what the caller does next. */
    public enum Rule {
        /** Granted: nobody holds the lease; write it as HELD by the requester. */
        FREE,
        /** Granted: the requester holds it already (a repeated start, the source taking back a failed handover). */
        HELD_BY_REQUESTER,
        /** Granted: every server that may run the VM is DEAD in the requester's heartbeat; take it over. */
        HOLDER_DEAD,
        /** Refused: the holder is alive in the disk heartbeat; stop the VM there or wait for its eviction. */
        HOLDER_LIVE,
        /** Refused: the requester cannot tell whether the holder lives; never taken as death. Retry later. */
        HOLDER_UNKNOWN,
        /** Refused: a migration between two other servers (or towards/from the requester) is in progress. */
        HANDOVER_IN_PROGRESS,
        /** Handover granted: mark HANDOVER to the destination and migrate. */
        HANDOVER_STARTED,
        /** Handover refused: the destination is not LIVE in the source's heartbeat, or the source is not the holder. */
        HANDOVER_REFUSED,
        /** Confirmed: the destination now holds the lease (HELD by it). */
        CONFIRMED,
        /** Not confirmed: the lease is not in HANDOVER to the requester. */
        NOT_HANDED_OVER,
        /** Aborted: the source holds the lease again (HELD by it) after a failed migration. */
        ABORTED
    }

    static LeaseVerdict grant(Rule rule, String message) {
        return new LeaseVerdict(true, rule, message);
    }

    static LeaseVerdict refuse(Rule rule, String message) {
        return new LeaseVerdict(false, rule, message);
    }
}
