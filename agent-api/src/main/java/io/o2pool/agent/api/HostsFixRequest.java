package io.o2pool.agent.api;

/**
 * Body of {@code POST /v1/hosts/fix}: map {@code nodeName} to {@code address}; {@code apply} false shows the fix,
 * true writes it, given the {@code expectedSha256} the dry run answered.
 */
public record HostsFixRequest(String nodeName, String address, String expectedSha256, boolean apply) {
}
