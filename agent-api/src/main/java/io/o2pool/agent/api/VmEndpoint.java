package io.o2pool.agent.api;

/**
 * What a server offers as the destination of a live migration, body of {@code GET /v1/vms/endpoint}; the manager
 * passes it unchanged to the source's {@code POST /v1/vms/{name}/migrate}.
 *
 * @param node         the destination's node name (its lease is handed over to this name)
 * @param nodeNumber   its O2CB node number, -1 when it has no live cluster configuration
 * @param driver       {@code libvirt}, {@code process} or {@code none}; only {@code libvirt} migrates
 * @param libvirtUri   the destination libvirt's URI as the source's libvirt reaches it (e.g.
 *                     {@code qemu:///session?socket=/…/libvirt-sock}, {@code qemu+tls://host/system}); null without libvirt
 * @param migrationUri where the destination QEMU listens for the migration stream ({@code unix:///…/migrate-%s.sock}
 *                     with {@code %s} replaced by the VM name, or {@code tcp://ADDRESS:PORT}); null: libvirt chooses
 */
public record VmEndpoint(String node, int nodeNumber, String driver, String libvirtUri, String migrationUri) {
    /** The migration URI for {@code vm} ({@code %s} replaced by its name), or null. */
    public String migrationUriFor(String vm) {
        return migrationUri == null ? null : migrationUri.replace("%s", vm);
    }
}
