package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.o2pool.agent.preflight.HostsFixer;

/**
 * {@code POST /v1/hosts/fix} ({@code nodeName}, {@code address}, {@code apply}, and to apply {@code expectedSha256}):
 * shows, then writes, the hosts-file fix of the node-name mapping preflight reports ({@link HostsFixer}).
 */
final class HostsResource {
    private final HostsFixer fixer;
    private final ObjectMapper mapper;

    HostsResource(HostsFixer fixer, ObjectMapper mapper) {
        this.fixer = fixer;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/hosts/fix", ctx -> {
            RequestBody body = RequestBody.parse(mapper, ctx.body());
            ctx.json(fixer.fix(body.text("nodeName", false), body.text("address", false),
                    body.optionalText("expectedSha256").orElse(null), body.bool("apply", false)));
        });
    }
}
