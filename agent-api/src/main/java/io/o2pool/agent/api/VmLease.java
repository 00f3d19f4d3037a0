package io.o2pool.agent.api;

import java.time.Instant;

/**
 * The ownership lease of one VM, as the repository keeps it ({@code <repository>/o2pool/vms/leases/<vm>.json}) and
 * {@code GET /v1/vms/leases} lists it: who may run the VM. Changed only under the repository's cluster-wide lock.
 *
 * @param owner              node name of the holder
 * @param ownerNumber        its O2CB node number (the slot the survivors watch in the disk heartbeat)
 * @param since              when the holder took it (or the handover began)
 * @param handoverTo         in {@link LeaseState#HANDOVER}: the migration's destination node name; else null
 * @param handoverToNumber   its node number, -1 when none
 */
public record VmLease(String vm, String owner, int ownerNumber, Instant since, LeaseState state, String handoverTo,
                      int handoverToNumber) {
    /** A lease HELD by {@code owner}. */
    public static VmLease held(String vm, String owner, int ownerNumber, Instant since) {
        return new VmLease(vm, owner, ownerNumber, since, LeaseState.HELD, null, -1);
    }

    /** This lease in HANDOVER from its owner to {@code node}. */
    public VmLease handingOverTo(String node, int nodeNumber, Instant at) {
        return new VmLease(vm, owner, ownerNumber, at, LeaseState.HANDOVER, node, nodeNumber);
    }

    /** Who holds it, in refusals: {@code node2 (node 2)}. */
    public String describeOwner() {
        return owner + " (node " + ownerNumber + ")";
    }
}
