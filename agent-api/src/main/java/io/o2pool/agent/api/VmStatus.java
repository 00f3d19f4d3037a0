package io.o2pool.agent.api;

import java.time.Instant;

/**
 * One VM on one server, an element of {@code GET /v1/vms}. Its JSON has the fields of the older {@link VmInfo}
 * ({@code name}, {@code driver}, {@code pid}, {@code state}), so callers reading {@code VmInfo} keep working (the
 * state is now an upper-case {@link VmState} name: compare case-insensitively).
 *
 * @param node   the node name of the server that answers
 * @param reason libvirt's reason (e.g. {@code booted}, {@code destroyed}, {@code migrated}) or the driver's words
 * @param pid    the QEMU (or stand-in) process id, 0 when not running or unknown
 * @param since  when this agent saw the VM enter this state; null when not seen since the agent started
 */
public record VmStatus(String name, VmState state, String reason, String driver, long pid, Instant since, String node) {
    /** The older, smaller view of the same VM ({@code state} lower-case, as {@code GET /v1/facts} lists them). */
    public VmInfo info() {
        return new VmInfo(name, driver, pid, state.name().toLowerCase(java.util.Locale.ROOT));
    }
}
