/**
 * The agent's API contract as Java types: the JSON bodies of every {@code /v1/} endpoint, shared by the agent
 * (server side) and {@link io.o2pool.agent.client.AgentClient} (the manager's side), so both ends cannot drift.
 * Plain immutable records and enums, no behaviour beyond the config checksum both sides must compute alike.
 */
package io.o2pool.agent.api;
