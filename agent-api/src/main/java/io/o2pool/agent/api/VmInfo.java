package io.o2pool.agent.api;

/** A VM running on this server, as the VM driver reports it ({@code pid} is 0 where the driver has none). */
public record VmInfo(String name, String driver, long pid, String state) {
}
