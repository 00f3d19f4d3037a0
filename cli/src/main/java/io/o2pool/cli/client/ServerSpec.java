package io.o2pool.cli.client;

/**
 * One server of a batch as the operator wrote it: Server Host/IP, Server Name, and its agent port (null: the
 * command's {@code --agent-port}, else the agent's default), with where it was written ({@code hosts.txt line 4},
 * {@code --host vm-host04}) for error messages.
 */
record ServerSpec(String host, String name, Integer agentPort, String origin) {
}
