package io.o2pool.manager.agents;

import io.o2pool.manager.model.VmState;

/**
 * One VM as a server's hypervisor reports it: RUNNING, PAUSED, STOPPED or CRASHED, with the hypervisor's reason
 * (e.g. "booted", "migrated", "destroyed").
 */
public record VmReport(String name, VmState state, String reason) {
}
