package io.o2pool.agent.api;

/** One node of the membership view: as configured, and whether this node currently sees it alive (heartbeat) and connected (o2net). */
public record Member(int number, String name, String address, int port, boolean local, boolean alive, boolean connected) {
}
