package io.o2pool.manager.vms;

import io.o2pool.manager.model.JobKind;

/** The VM operations, each one job kind. */
public enum VmAction {
    CREATE(JobKind.VM_CREATE),
    START(JobKind.VM_START),
    STOP(JobKind.VM_STOP),
    MIGRATE(JobKind.VM_MIGRATE),
    DELETE(JobKind.VM_DELETE),
    HA_RESTART(JobKind.VM_HA_RESTART);

    private final JobKind kind;

    VmAction(JobKind kind) {
        this.kind = kind;
    }

    public JobKind kind() {
        return kind;
    }
}
