package io.o2pool.cluster.fence;

/**
 * The default fence: the node's cluster services are already stopped (heartbeat stopped uncleanly, o2net
 * down); this stops what else the host registered (the agent's services: VMs, mounts) and leaves the node
 * FENCED. Safe on any machine.
 */
public final class StopFenceAction implements FenceAction {
    private final Runnable stopServices;

    /** A stop fence that runs {@code stopServices} (may be a no-op). */
    public StopFenceAction(Runnable stopServices) {
        this.stopServices = stopServices;
    }

    @Override
    public void fence(FenceRecord record) {
        stopServices.run();
    }
}
