package io.o2pool.agent.api;

import java.util.Objects;

/**
 * Who may run a VM: the ownership lease rule, as pure functions of the lease record and the deciding node's view of
 * the holders' liveness. A server takes a VM's lease when nobody holds it, when it holds it already, or when every
 * server that may be running the VM is DEAD in its own disk heartbeat — the O2CB eviction, which happens only after
 * the dead node stopped writing for the dead threshold and so (its kernel's write timeout, or o2pool's guard, being
 * shorter) has already stopped its guests. A LIVE holder, or one whose state is UNKNOWN — a lost o2net connection or
 * an unreachable agent — keeps the lease: liveness is never inferred from the network alone.
 *
 * <p>Used by the agent under the repository's cluster-wide lock, and by the manager to plan HA restarts.
 */
public final class LeaseRule {
    private LeaseRule() {
    }

    /**
     * May {@code requester} start the VM (taking its lease)? {@code current} is the lease record, null when free; a
     * lease in HANDOVER is judged with its destination's liveness UNKNOWN (see the four-argument form).
     */
    public static LeaseVerdict decide(VmLease current, String requester, PeerLiveness ownerLiveness) {
        return decide(current, requester, ownerLiveness, PeerLiveness.UNKNOWN);
    }

    /**
     * As {@link #decide(VmLease, String, PeerLiveness)}, with the liveness of a HANDOVER's destination: during a
     * handover either server may be running the VM, so a third server needs both DEAD, and the source or the
     * destination needs the other one DEAD.
     */
    public static LeaseVerdict decide(VmLease current, String requester, PeerLiveness ownerLiveness,
                                      PeerLiveness handoverLiveness) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(ownerLiveness, "ownerLiveness");
        Objects.requireNonNull(handoverLiveness, "handoverLiveness");
        if (current == null) {
            return LeaseVerdict.grant(LeaseVerdict.Rule.FREE, "the lease is free; " + requester + " takes it");
        }
        String vm = "VM " + current.vm();
        return switch (current.state()) {
            case HELD -> {
                if (current.owner().equals(requester)) {
                    yield LeaseVerdict.grant(LeaseVerdict.Rule.HELD_BY_REQUESTER, vm + " is held by " + requester
                            + " already");
                }
                yield byLiveness(vm, current.owner(), current.ownerNumber(), ownerLiveness, requester);
            }
            case HANDOVER -> handover(vm, current, requester, ownerLiveness, handoverLiveness);
        };
    }

    private static LeaseVerdict handover(String vm, VmLease lease, String requester, PeerLiveness ownerLiveness,
                                         PeerLiveness targetLiveness) {
        String migrating = vm + " is being migrated from " + lease.describeOwner() + " to " + lease.handoverTo()
                + " (node " + lease.handoverToNumber() + ")";
        boolean source = lease.owner().equals(requester);
        boolean target = requester.equals(lease.handoverTo());
        if (source || target) {
            String other = source ? lease.handoverTo() : lease.owner();
            int otherNumber = source ? lease.handoverToNumber() : lease.ownerNumber();
            PeerLiveness otherLiveness = source ? targetLiveness : ownerLiveness;
            if (otherLiveness == PeerLiveness.DEAD) {
                return LeaseVerdict.grant(LeaseVerdict.Rule.HOLDER_DEAD, migrating + "; " + other + " (node "
                        + otherNumber + ") is dead in the disk heartbeat, so " + requester + " takes it");
            }
            return LeaseVerdict.refuse(LeaseVerdict.Rule.HANDOVER_IN_PROGRESS, migrating + " and " + other
                    + " (node " + otherNumber + ") is " + words(otherLiveness) + "; wait for the migration to "
                    + "finish or fail");
        }
        if (ownerLiveness == PeerLiveness.DEAD && targetLiveness == PeerLiveness.DEAD) {
            return LeaseVerdict.grant(LeaseVerdict.Rule.HOLDER_DEAD, migrating + "; both are dead in the disk "
                    + "heartbeat, so " + requester + " takes it");
        }
        return LeaseVerdict.refuse(LeaseVerdict.Rule.HANDOVER_IN_PROGRESS, migrating + " (" + lease.owner() + " "
                + words(ownerLiveness) + ", " + lease.handoverTo() + " " + words(targetLiveness) + "); either may be "
                + "running it: wait for the migration to end, or for the cluster to evict both");
    }

    private static LeaseVerdict byLiveness(String vm, String owner, int number, PeerLiveness liveness, String requester) {
        String held = vm + " is held by " + owner + " (node " + number + ")";
        return switch (liveness) {
            case DEAD -> LeaseVerdict.grant(LeaseVerdict.Rule.HOLDER_DEAD, held + ", dead in the disk heartbeat; "
                    + requester + " takes it over");
            case LIVE -> LeaseVerdict.refuse(LeaseVerdict.Rule.HOLDER_LIVE, held + ", alive in the disk heartbeat; "
                    + "stop it there or wait for the cluster to evict " + owner);
            case UNKNOWN -> LeaseVerdict.refuse(LeaseVerdict.Rule.HOLDER_UNKNOWN, held + ", whose heartbeat "
                    + requester + " cannot judge (its stack is not heartbeating or does not know " + owner + "); an "
                    + "unreachable agent or a lost connection is not death: stop it on " + owner + " or wait until "
                    + requester + "'s disk heartbeat declares " + owner + " dead");
        };
    }

    private static String words(PeerLiveness liveness) {
        return switch (liveness) {
            case LIVE -> "alive in the disk heartbeat";
            case DEAD -> "dead in the disk heartbeat";
            case UNKNOWN -> "of unknown liveness";
        };
    }

    /**
     * May {@code source} begin a live migration to {@code target}? Only the holder of a HELD lease (or one already
     * handing over to the same target: a retry), and only to a target LIVE in the source's heartbeat.
     */
    public static LeaseVerdict handover(VmLease current, String source, String target, PeerLiveness targetLiveness) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (source.equals(target)) {
            return LeaseVerdict.refuse(LeaseVerdict.Rule.HANDOVER_REFUSED, "cannot migrate from " + source
                    + " to itself; choose another server");
        }
        if (current == null || !current.owner().equals(source)) {
            return LeaseVerdict.refuse(LeaseVerdict.Rule.HANDOVER_REFUSED, current == null
                    ? "the lease is free: the VM runs nowhere under a lease; start it instead of migrating it"
                    : "VM " + current.vm() + " is held by " + current.describeOwner() + ", not " + source
                            + "; migrate it from " + current.owner());
        }
        if (current.state() == LeaseState.HANDOVER && !target.equals(current.handoverTo())) {
            return LeaseVerdict.refuse(LeaseVerdict.Rule.HANDOVER_IN_PROGRESS, "VM " + current.vm() + " is being "
                    + "migrated to " + current.handoverTo() + " already; wait for it to end");
        }
        if (targetLiveness != PeerLiveness.LIVE) {
            return LeaseVerdict.refuse(LeaseVerdict.Rule.HANDOVER_REFUSED, "cannot migrate VM " + current.vm()
                    + " to " + target + ": it is " + words(targetLiveness) + " as " + source + " sees it; a "
                    + "destination must be heartbeating in the cluster");
        }
        return LeaseVerdict.grant(LeaseVerdict.Rule.HANDOVER_STARTED, "VM " + current.vm() + " handed over from "
                + source + " to " + target);
    }

    /** May {@code node} confirm a handover to itself (the VM arrived and runs there)? Idempotent. */
    public static LeaseVerdict confirm(VmLease current, String node) {
        Objects.requireNonNull(node, "node");
        if (current != null && current.state() == LeaseState.HANDOVER && node.equals(current.handoverTo())) {
            return LeaseVerdict.grant(LeaseVerdict.Rule.CONFIRMED, "VM " + current.vm() + " moved from "
                    + current.owner() + " to " + node);
        }
        if (current != null && current.state() == LeaseState.HELD && current.owner().equals(node)) {
            return LeaseVerdict.grant(LeaseVerdict.Rule.HELD_BY_REQUESTER, "VM " + current.vm() + " is held by "
                    + node + " already");
        }
        return LeaseVerdict.refuse(LeaseVerdict.Rule.NOT_HANDED_OVER, current == null ? "the lease is free, not "
                + "handed over to " + node : "VM " + current.vm() + "'s lease is " + current.state() + " by "
                + current.describeOwner() + ", not handed over to " + node);
    }

    /** May {@code source} take back a handover it began (the migration failed; the VM still runs on the source)? */
    public static LeaseVerdict abort(VmLease current, String source) {
        Objects.requireNonNull(source, "source");
        if (current != null && current.owner().equals(source)) {
            return LeaseVerdict.grant(current.state() == LeaseState.HANDOVER ? LeaseVerdict.Rule.ABORTED
                    : LeaseVerdict.Rule.HELD_BY_REQUESTER, "VM " + current.vm() + " stays with " + source);
        }
        return LeaseVerdict.refuse(LeaseVerdict.Rule.NOT_HANDED_OVER, current == null ? "the lease is free"
                : "VM " + current.vm() + " is held by " + current.describeOwner() + ", not " + source);
    }
}
