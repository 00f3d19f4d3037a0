package io.o2pool.manager.vms;

import io.o2pool.manager.change.ChangeStep;

/** The steps of a VM job, in order; a plan uses those its action needs. */
public enum VmStep implements ChangeStep {
    /** Reads the pool, its servers and VMs, checks the request and plans the rest. */
    VALIDATE,
    /** Write the VM's definition to the repository. */
    DEFINE,
    /** Shut VMs down. */
    STOP,
    /** Live-migrate VMs. */
    MIGRATE,
    /** Start VMs (each agent takes the VM's ownership lease first). */
    START,
    /** Remove the VM's definition. */
    UNDEFINE
}
