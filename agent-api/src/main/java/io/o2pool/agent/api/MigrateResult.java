package io.o2pool.agent.api;

/**
 * Body answered by {@code POST /v1/vms/{name}/migrate}: the VM now runs on {@code to}, which holds its lease.
 *
 * @param elapsedMs  wall time of the migration as the source measured it
 * @param downtimeMs the guest's downtime as libvirt reported it, -1 when it did not
 */
public record MigrateResult(String vm, String from, String to, long elapsedMs, long downtimeMs, VmLease lease) {
}
