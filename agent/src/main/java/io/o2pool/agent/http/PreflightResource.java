package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.PreflightRequest;
import io.o2pool.agent.preflight.Preflight;
import java.util.List;

/**
 * {@code POST /v1/preflight}: runs every check (changing nothing) for the node as the manager intends to configure
 * it and answers all findings at once. Fields: {@code nodeName}, {@code address}, {@code port} (1–65534, default 7777),
 * {@code clusterName} (default ocfs2), {@code peers} ({@code ip:port} list), {@code loopbackPool}, {@code managerTime}.
 */
final class PreflightResource {
    private final Preflight preflight;
    private final ObjectMapper mapper;

    PreflightResource(Preflight preflight, ObjectMapper mapper) {
        this.preflight = preflight;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/preflight", ctx -> ctx.json(preflight.run(parse(RequestBody.parse(mapper, ctx.body())))));
    }

    static PreflightRequest parse(RequestBody body) {
        String nodeName = body.text("nodeName", false);
        if (!nodeName.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,63}")) {
            throw new InvalidInputException("nodeName", "node name '" + nodeName
                    + "' must be a host name: letters, digits, '-' and '.', at most 64 characters");
        }
        String address = body.text("address", false);
        if (!Validation.isIpv4(address)) {
            throw new InvalidInputException("address", "address '" + address + "' is not an IPv4 address");
        }
        int port = (int) body.integer("port", 1, 65534, 7777);
        String clusterName = body.optionalText("clusterName").orElse("ocfs2");
        if (!clusterName.matches("[A-Za-z0-9]{1,16}")) {
            throw new InvalidInputException("clusterName", "cluster name '" + clusterName + "' must be 1–16 letters or digits");
        }
        List<String> peers = body.textList("peers");
        for (int i = 0; i < peers.size(); i++) {
            if (!Validation.isEndpoint(peers.get(i))) {
                throw new InvalidInputException("peers[" + i + "]", "peer '" + peers.get(i) + "' must be IPv4:port, e.g. 192.168.3.152:7777");
            }
        }
        return new PreflightRequest(nodeName, address, port, clusterName, peers, body.bool("loopbackPool", false),
                body.optionalInstant("managerTime").orElse(null));
    }
}
