package io.o2pool.manager.agents;

/** A cluster address, ip_address and ip_port as in cluster.conf, with the server name for messages. */
public record HostPort(String server, String ip, int port) {
    @Override
    public String toString() {
        return server + " (" + ip + ":" + port + ")";
    }
}
