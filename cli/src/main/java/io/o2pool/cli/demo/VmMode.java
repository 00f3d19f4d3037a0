package io.o2pool.cli.demo;

/** What the demo's VMs are; printed at start with the reason. */
enum VmMode {
    /**
     * Real guests: each demo server has its own session libvirtd (run as an unprivileged user when the demo is root)
     * and its agent the libvirt VM driver; {@code --vms N} creates N pool VMs per server (the tiny TCG guest, HA on)
     * through the manager, so {@code o2pool vm list} shows them and {@code vm migrate} moves them live.
     */
    LIBVIRT,
    /**
     * Stand-ins: {@code sleep} processes registered with each agent's {@code process} VM driver, so the "stop every
     * VM first" rules can be seen; they are not pool VMs and cannot migrate.
     */
    STAND_IN
}
