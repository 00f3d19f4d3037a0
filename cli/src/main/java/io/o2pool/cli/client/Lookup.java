package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Finds pools and servers by name or id, so commands take what the operator knows ("vm-host03" or "7"). */
final class Lookup {
    private Lookup() {
    }

    static JsonNode pool(ManagerApi api, String nameOrId) throws ApiFailure {
        return find(api, "/api/pools", "pool", nameOrId);
    }

    static JsonNode server(ManagerApi api, String nameOrId) throws ApiFailure {
        return find(api, "/api/servers", "server", nameOrId);
    }

    private static JsonNode find(ManagerApi api, String path, String what, String nameOrId) throws ApiFailure {
        JsonNode all = api.get(path);
        for (JsonNode item : all) {
            if (item.path("name").asText().equals(nameOrId) || item.path("id").asText().equals(nameOrId)) {
                return item;
            }
        }
        throw new ApiFailure(404, what, "no " + what + " named '" + nameOrId + "' (list them with: o2pool " + what
                + " list)");
    }
}
