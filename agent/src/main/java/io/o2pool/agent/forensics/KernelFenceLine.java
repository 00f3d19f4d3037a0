package io.o2pool.agent.forensics;

/**
 * One kernel line in a kernel fence record, with where it came from.
 *
 * @param origin   how the line reached the record
 * @param node     whose kernel printed it (the fenced node, or a survivor)
 * @param via      for {@link Origin#NETCONSOLE}: the peer whose agent received it; else null
 * @param uptimeUs the printk timestamp on {@code node}'s clock (µs since its boot), or null
 * @param level    the printk level when the framing carries it, or null
 * @param text     the message without framing
 */
public record KernelFenceLine(Origin origin, String node, String via, Long uptimeUs, Integer level, String text) {

    /** Where a line of the record came from. */
    public enum Origin {
        /** The fenced node's own line, received by a peer's agent over netconsole before the fence. */
        NETCONSOLE,
        /** The fenced node's own line, read after its reboot from the previous boot's ramoops dump (pstore). */
        RAMOOPS,
        /** A survivor's own kernel line about the eviction, from its kernel log. */
        SURVIVOR
    }
}
