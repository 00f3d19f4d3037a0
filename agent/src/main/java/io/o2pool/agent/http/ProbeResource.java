package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.ProbeListening;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.facts.HostInfo;
import io.o2pool.agent.preflight.ProbeListeners;
import io.o2pool.agent.stack.StackDriver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * {@code POST /v1/probe/listen} ({@code address}, {@code port} 1–65534, {@code seconds} 1–300, default 30): opens a
 * temporary TCP listener on this node's cluster address so a peer's {@code POST /v1/preflight} can test reachability
 * of this node's {@code ip_port} from the peer before the cluster stack runs. The address must be on one of this
 * host's interfaces; a port the running stack already serves is answered {@code listening: false} (test it as is).
 */
final class ProbeResource {
    static final int MAX_SECONDS = 300;
    private final ProbeListeners probes;
    private final HostInfo host;
    private final StackDriver stack;
    private final ObjectMapper mapper;

    ProbeResource(ProbeListeners probes, HostInfo host, StackDriver stack, ObjectMapper mapper) {
        this.probes = probes;
        this.host = host;
        this.stack = stack;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/probe/listen", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            String address = body.text("address", false);
            if (!Validation.isIpv4(address)) {
                throw new InvalidInputException("address", "address '" + address + "' is not an IPv4 address");
            }
            InetAddress inet = literal(address);
            if (!host.isLocal(inet)) {
                throw new InvalidInputException("address", "address " + address + " is not on any interface of "
                        + host.hostName() + "; give this node's cluster address (one of " + host.addresses() + ")");
            }
            int port = (int) body.integer("port", 1, 65534);
            int seconds = (int) body.integer("seconds", 1, MAX_SECONDS, 30);
            ctx.json(servedByStack(address, port) ? new ProbeListening(address, port, false, null,
                    "TCP " + address + ":" + port + " is served by this node's running " + stack.name()
                            + " stack; peers can test it as it is")
                    : probes.listen(inet, port, Duration.ofSeconds(seconds)));
        });
    }

    private boolean servedByStack(String address, int port) {
        ClusterView view = stack.view();
        return view.state() == StackState.HEARTBEATING && view.members().stream()
                .anyMatch(m -> m.local() && m.address().equals(address) && m.port() == port);
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new InvalidInputException("address", "address '" + ip + "' is not an IPv4 address");
        }
    }
}
