package io.o2pool.manager.api;

import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import io.o2pool.manager.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The Add Server dialog's fields (Server Host/IP, Server Name, Server Type, Location, Description) plus the agent's
 * password and port, validated: required fields present, type one of the two, name unused, host and agent port
 * unused together. {@code clusterAddress} (optional) is the node's o2net address when it differs from the host the
 * manager reaches the agent at (a separate cluster network, or an agent behind a port forward); unused too.
 */
record ServerRequest(String host, String name, ServerType type, String location, String description,
                     String agentPassword, int agentPort, String clusterAddress, String fingerprint) {

    static final String[] FIELDS = {"host", "name", "type", "location", "description", "agent_password", "agent_port",
        "cluster_address", "fingerprint"};

    /** A certificate fingerprint as Test Connection answers it (the agent's SHA-256, hex pairs and colons). */
    static final java.util.regex.Pattern FINGERPRINT = java.util.regex.Pattern.compile("[A-Za-z0-9:._-]{1,128}");

    /**
     * Reads one server's fields, rejecting each bad one; {@code seenNames}/{@code seenHosts} catch duplicates inside a
     * batch. Returns null when a field was rejected.
     */
    static ServerRequest read(RequestFields f, Store store, Handle h, Set<String> seenNames, Set<String> seenHosts) {
        String host = f.requiredString("host", 255, Patterns.HOST, Patterns.HOST_HINT);
        String name = f.requiredString("name", 64, Patterns.NAME, Patterns.NAME_HINT);
        ServerType type = f.requiredEnum("type", ServerType.class);
        String location = f.optionalString("location", 255, null, "", null);
        String description = f.optionalString("description", 4000, null, "", null);
        String password = f.requiredString("agent_password", 1024, null, "");
        int port = f.optionalInt("agent_port", Server.DEFAULT_AGENT_PORT, 1, 65535);
        String clusterAddress = f.optionalString("cluster_address", 15, Patterns.IPV4, Patterns.IPV4_HINT, null);
        String fingerprint = f.optionalString("fingerprint", 128, FINGERPRINT, "the certificate fingerprint Test"
                + " Connection answered (hex pairs separated by ':')", null);
        boolean ok = host != null && name != null && type != null && password != null && !f.rejected("cluster_address")
                && !f.rejected("fingerprint");
        if (name != null) {
            if (store.servers().findByName(h, name).isPresent()) {
                f.reject("name", "a server named " + name + " exists");
                ok = false;
            } else if (!seenNames.add(name)) {
                f.reject("name", "server name " + name + " appears twice in the request");
                ok = false;
            }
        }
        if (host != null) {
            String where = port == Server.DEFAULT_AGENT_PORT ? host : host + " (agent port " + port + ")";
            if (store.servers().findByHost(h, host, port).isPresent()) {
                f.reject("host", "a server with host/IP " + where + " exists");
                ok = false;
            } else if (!seenHosts.add(host + " " + port)) {
                f.reject("host", "host " + where + " appears twice in the request");
                ok = false;
            }
        }
        if (clusterAddress != null) {
            if (store.servers().findByClusterAddress(h, clusterAddress).isPresent()) {
                f.reject("cluster_address", "another server uses cluster address " + clusterAddress);
                ok = false;
            } else if (!seenHosts.add("cluster " + clusterAddress)) {
                f.reject("cluster_address", "cluster address " + clusterAddress + " appears twice in the request");
                ok = false;
            }
        }
        return ok ? new ServerRequest(host, name, type, location, description, password, port, clusterAddress,
                fingerprint) : null;
    }

    /**
     * Reads the {@code servers} array (each entry the Add Server fields), rejecting each bad entry and field, at most
     * {@code max} servers, and checks {@code pool} (when known) can take them all.
     */
    static List<ServerRequest> readList(RequestFields f, Store store, Handle h, Pool pool, int max) {
        com.fasterxml.jackson.databind.JsonNode list = f.body().get("servers");
        List<ServerRequest> requests = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            f.reject("servers", "required: a non-empty array of servers");
            return requests;
        }
        if (list.size() > max) {
            f.reject("servers", list.size() + " servers; at most " + max + " per batch");
            return requests;
        }
        Set<String> names = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof com.fasterxml.jackson.databind.node.ObjectNode entry)) {
                f.reject("servers[" + i + "]", "must be an object");
                continue;
            }
            RequestFields nested = f.nested(entry, "servers[" + i + "]");
            nested.allowOnly(FIELDS);
            ServerRequest r = read(nested, store, h, names, hosts);
            if (r != null) {
                requests.add(r);
            }
        }
        if (pool != null) {
            checkCapacity(f, store, h, pool, list.size());
        }
        return requests;
    }

    /** Resolves the {@code pool} field (the Server Pool Name) to a pool, rejecting an unknown one. */
    static Pool pool(RequestFields f, Store store, Handle h) {
        String poolName = f.requiredString("pool", 64, null, "");
        if (poolName == null) {
            return null;
        }
        var pool = store.pools().findByName(h, poolName);
        if (pool.isEmpty()) {
            f.reject("pool", "no pool named " + poolName);
            return null;
        }
        return pool.get();
    }

    /** Checks the pool can take {@code adding} more servers (node numbers and max_nodes). */
    static void checkCapacity(RequestFields f, Store store, Handle h, Pool pool, int adding) {
        long used = store.servers().listByPool(h, pool.id()).stream()
                .filter(s -> s.nodeNumber() != null || s.status() == ServerStatus.ADDING).count();
        int limit = Math.min(pool.maxNodes(), Pool.MAX_NODES_LIMIT);
        if (used + adding > limit) {
            f.reject("pool", "pool " + pool.name() + " has " + used + " of " + limit + " node slots in use; "
                    + adding + " more do not fit (max_nodes)");
        }
    }

    Server toServer(long poolId, Instant now) {
        // a fingerprint from Test Connection is pinned from the first call: the job talks to that agent or to none
        return new Server(0, poolId, host, name, type, location, description, clusterAddress, null, null,
                ServerStatus.ADDING, null, null, agentPort, agentPassword, fingerprint, 0, now, now);
    }
}
