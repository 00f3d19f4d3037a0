package io.o2pool.agent.api;

import java.time.Instant;

/**
 * One lifecycle event of a VM on one server, as {@code GET /v1/vms/events} answers them.
 *
 * @param seq    1, 2, … in the order this agent recorded them, per {@link VmEventPage#stream() stream}
 * @param time   when it happened (libvirt's timestamp for libvirt events)
 * @param node   the node name of the server it happened on
 * @param detail libvirt's words ({@code Stopped Destroyed}) or the agent's (a lease refusal's message)
 */
public record VmEvent(long seq, Instant time, String node, String vm, VmEventType type, String detail) {
}
