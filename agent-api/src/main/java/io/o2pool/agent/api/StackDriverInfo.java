package io.o2pool.agent.api;

/** One cluster stack driver and whether this host can use it: {@code version} of the tools it needs, {@code reason} when it cannot. */
public record StackDriverInfo(String name, boolean available, String version, String reason) {
}
