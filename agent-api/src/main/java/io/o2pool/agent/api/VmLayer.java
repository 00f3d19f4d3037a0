package io.o2pool.agent.api;

/**
 * The state of a server's VM layer, in {@code GET /v1/facts}: which driver the agent uses (chosen by
 * {@code --vm-driver}), whether it answers, and if not why and how to fix it (also a preflight finding
 * {@code vm.driver-unreachable}).
 *
 * @param driver    {@code libvirt}, {@code process} or {@code none}
 * @param uri       the libvirt URI the agent talks to; null for the other drivers
 * @param reachable whether the driver answered just now ({@code virsh version} for libvirt); true for process/none
 * @param detail    what the driver answered ({@code libvirt 9.0.0, QEMU 7.2.0}) or why it failed
 * @param fix       what to do when not reachable; null when reachable
 */
public record VmLayer(String driver, String uri, boolean reachable, String detail, String fix) {
}
