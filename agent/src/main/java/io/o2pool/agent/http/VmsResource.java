package io.o2pool.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.ApiError;
import io.o2pool.agent.api.MigrateRequest;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.vm.NoSuchVmException;
import io.o2pool.agent.vm.VmDriverException;
import io.o2pool.agent.vm.VmService;
import java.time.Duration;

/**
 * The VMs of this server: {@code GET /v1/vms} (every VM with its state; the fields of the older list kept),
 * {@code POST /v1/vms/stop-all} ({@code timeoutSeconds} 1–3600, default 120), {@code GET /v1/vms/endpoint},
 * {@code GET /v1/vms/leases}, {@code GET /v1/vms/definitions}, {@code GET /v1/vms/events?after=SEQ&waitMs=N} (long
 * poll, 0–60000 ms), and per VM {@code GET|PUT|DELETE /v1/vms/{name}}, {@code GET /v1/vms/{name}/definition},
 * {@code POST /v1/vms/{name}/start|shutdown|destroy|migrate}. 400 names the field, 404 an unknown VM, 409 a refusal
 * (the lease's holder, a running VM; {@code cannot-migrate} from a driver that cannot move a running VM), 502 the VM
 * driver's failure.
 */
final class VmsResource {
    private final VmService vms;
    private final ObjectMapper mapper;

    VmsResource(VmService vms, ObjectMapper mapper) {
        this.vms = vms;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.exception(NoSuchVmException.class, (e, ctx) ->
                ctx.status(404).json(new ApiError("not-found", "name", e.getMessage())));
        routes.exception(VmDriverException.class, (e, ctx) ->
                ctx.status(502).json(new ApiError("vm-driver", null, e.getMessage())));
        routes.get("/v1/vms", ctx -> ctx.json(vms.statuses()));
        routes.post("/v1/vms/stop-all", ctx -> {
            String text = ctx.body();
            long timeout = text.isBlank() ? 120 : RequestBody.parse(mapper, text).integer("timeoutSeconds", 1, 3600, 120);
            ctx.json(vms.stopAll(Duration.ofSeconds(timeout)));
        });
        routes.get("/v1/vms/endpoint", ctx -> ctx.json(vms.endpoint()));
        routes.get("/v1/vms/leases", ctx -> ctx.json(vms.leases()));
        routes.get("/v1/vms/definitions", ctx -> ctx.json(vms.definitions()));
        routes.get("/v1/vms/events", ctx -> {
            long after = query(ctx, "after", 0, Long.MAX_VALUE, 0);
            long waitMs = query(ctx, "waitMs", 0, 60_000, 0);
            ctx.json(vms.events().page(after, Duration.ofMillis(waitMs)));
        });
        routes.get("/v1/vms/{name}", ctx -> ctx.json(vms.status(name(ctx))));
        routes.get("/v1/vms/{name}/definition", ctx -> ctx.json(vms.definition(name(ctx))));
        routes.put("/v1/vms/{name}", ctx -> ctx.json(vms.define(definition(name(ctx), ctx.body()))));
        routes.post("/v1/vms/{name}/start", ctx -> ctx.json(vms.start(name(ctx))));
        routes.post("/v1/vms/{name}/shutdown", ctx -> {
            String name = name(ctx);
            String text = ctx.body();
            long timeout = text.isBlank() ? 120 : RequestBody.parse(mapper, text).integer("timeoutSeconds", 1, 3600, 120);
            ctx.json(vms.shutdown(name, Duration.ofSeconds(timeout)));
        });
        routes.post("/v1/vms/{name}/destroy", ctx -> ctx.json(vms.destroy(name(ctx))));
        routes.post("/v1/vms/{name}/migrate", ctx -> {
            String name = name(ctx);
            ctx.json(vms.migrate(name, migrateRequest(ctx.body())));
        });
        routes.delete("/v1/vms/{name}", ctx -> {
            String name = name(ctx);
            String definition = ctx.queryParam("definition");
            if (definition != null && !definition.equals("true") && !definition.equals("false")) {
                throw new InvalidInputException("definition", "definition is '" + definition + "'; use true (also "
                        + "remove it from the repository) or false");
            }
            ctx.json(vms.undefine(name, "true".equals(definition)));
        });
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!VmDefinition.NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "VM name '" + name + "' is not valid; use 1–63 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    private VmDefinition definition(String name, String text) {
        RequestBody body = RequestBody.parse(mapper, text);
        String bodyName = body.optionalText("name").orElse(name);
        if (!bodyName.equals(name)) {
            throw new InvalidInputException("name", "the body names VM '" + bodyName + "' but the path names '" + name
                    + "'; send them alike or leave the body's name out");
        }
        return new VmDefinition(name, body.optionalText("uuid").orElse(null),
                (int) body.integer("vcpus", 1, VmDefinition.MAX_VCPUS, 1),
                (int) body.integer("memoryMib", VmDefinition.MIN_MEMORY_MIB, VmDefinition.MAX_MEMORY_MIB,
                        VmDefinition.MIN_MEMORY_MIB),
                body.optionalText("image").filter(s -> !s.isBlank()).orElse(null), body.bool("ha", false),
                body.optionalText("preferredServer").orElse(null));
    }

    private MigrateRequest migrateRequest(String text) {
        RequestBody body = RequestBody.parse(mapper, text);
        int timeout = (int) body.integer("timeoutSeconds", 0, 3600, 0);
        JsonNode destination;
        try {
            destination = mapper.readTree(text).get("destination");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (destination == null || !destination.isObject()) {
            throw new InvalidInputException("destination", "missing field 'destination': send the destination "
                    + "server's GET /v1/vms/endpoint answer");
        }
        RequestBody d = RequestBody.parse(mapper, destination.toString());
        String node = d.text("node", false);
        String driver = d.optionalText("driver").orElse("libvirt");
        String uri = d.optionalText("libvirtUri").orElse(null);
        if ("libvirt".equals(driver) && (uri == null || uri.isBlank())) {
            throw new InvalidInputException("destination.libvirtUri", "destination " + node + " gives no libvirtUri; "
                    + "send its GET /v1/vms/endpoint answer unchanged");
        }
        String migrationUri = d.optionalText("migrationUri").orElse(null);
        if (migrationUri != null && !migrationUri.startsWith("unix://") && !migrationUri.startsWith("tcp://")) {
            throw new InvalidInputException("destination.migrationUri", "migrationUri '" + migrationUri + "' must "
                    + "start with unix:// or tcp://");
        }
        return new MigrateRequest(new VmEndpoint(node, (int) d.integer("nodeNumber", -1, 254, -1), driver, uri,
                migrationUri), timeout);
    }

    private static long query(Context ctx, String field, long min, long max, long fallback) {
        String text = ctx.queryParam(field);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        if (!text.matches("\\d{1,18}")) {
            throw new InvalidInputException(field, field + " '" + text + "' is not a number " + min + "–" + max);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new InvalidInputException(field, field + " is " + value + "; it must be " + min + "–" + max);
        }
        return value;
    }
}
