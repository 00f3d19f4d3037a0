package io.o2pool.manager.agents;

/**
 * What a server offers as the destination of a live migration, as its agent reports it: its node name and number,
 * its VM driver, the libvirt URI other servers reach its hypervisor at, and the URI the migration stream goes to
 * ({@code %s} stands for the VM's name).
 */
public record VmDestination(String node, int nodeNumber, String driver, String libvirtUri, String migrationUri) {
}
