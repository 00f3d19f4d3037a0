package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.o2pool.agent.vm.VmDriver;
import java.time.Duration;

/** {@code GET /v1/vms} (running VMs) and {@code POST /v1/vms/stop-all} ({@code timeoutSeconds} 1–3600, default 120). */
final class VmsResource {
    private final VmDriver vms;
    private final ObjectMapper mapper;

    VmsResource(VmDriver vms, ObjectMapper mapper) {
        this.vms = vms;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/vms", ctx -> ctx.json(vms.list()));
        routes.post("/v1/vms/stop-all", ctx -> {
            String text = ctx.body();
            long timeout = text.isBlank() ? 120 : RequestBody.parse(mapper, text).integer("timeoutSeconds", 1, 3600, 120);
            ctx.json(vms.stopAll(Duration.ofSeconds(timeout)));
        });
    }
}
