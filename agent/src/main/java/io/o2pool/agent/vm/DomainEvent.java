package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmEventType;
import java.time.Instant;

/** One lifecycle event as a driver reports it, before {@link VmEventLog} numbers it: libvirt's words in {@code detail}. */
public record DomainEvent(Instant time, String vm, VmEventType type, String detail) {
}
