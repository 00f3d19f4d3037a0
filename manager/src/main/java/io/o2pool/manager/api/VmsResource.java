package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.vms.VmAction;
import io.o2pool.manager.vms.VmOperation;
import io.o2pool.manager.vms.VmService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pool's virtual machines. {@code GET /api/vms[?pool=NAME]} lists them with their server and state;
 * {@code GET /api/vms/{vm}} one (by name or id). Every change is a job (202 with the job): {@code POST /api/vms}
 * defines one, {@code POST /api/vms/{vm}/start} ({@code server} optional), {@code /stop} ({@code timeout_seconds}
 * optional), {@code /migrate} ({@code to}), {@code DELETE /api/vms/{vm}}; {@code POST /api/vms/{vm}/plan} shows the
 * plan of one of those ({@code action}) without running it.
 */
public final class VmsResource implements ApiResource {
    static final int MAX_STOP_TIMEOUT = 3600;
    private final ApiDeps deps;
    private final VmService vms;

    public VmsResource(ApiDeps deps) {
        this.deps = deps;
        this.vms = new VmService(deps.store(), deps.engine(), deps.json(), deps.clock());
    }

    /** One VM as the API shows it. */
    public record VmView(long id, String name, String pool, long poolId, String server, Long serverId, VmState state,
                         VmState desired, String stateReason, boolean ha, int vcpus, int memoryMib, String image,
                         String preferredServer, String uuid, Instant updatedAt) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/vms", this::list);
        routes.post("/api/vms", this::create);
        routes.get("/api/vms/{vm}", ctx -> ctx.json(view(vm(ctx))));
        routes.delete("/api/vms/{vm}", ctx -> accepted(ctx, vms.delete(vm(ctx), TokenAuth.userName(ctx))));
        routes.post("/api/vms/{vm}/start", this::start);
        routes.post("/api/vms/{vm}/stop", this::stop);
        routes.post("/api/vms/{vm}/migrate", this::migrate);
        routes.post("/api/vms/{vm}/plan", this::plan);
    }

    private void list(Context ctx) {
        String poolName = ctx.queryParam("pool");
        List<Vm> all;
        if (poolName == null) {
            all = deps.store().vms().list();
        } else {
            Pool pool = deps.store().pools().findByName(poolName)
                    .orElseThrow(() -> ApiException.notFound("no pool named " + poolName));
            all = deps.store().vms().listByPool(pool.id());
        }
        Map<Long, String> servers = new HashMap<>();
        deps.store().servers().list().forEach(s -> servers.put(s.id(), s.name()));
        Map<Long, String> pools = new HashMap<>();
        deps.store().pools().list().forEach(p -> pools.put(p.id(), p.name()));
        ctx.json(all.stream().map(v -> view(v, pools.get(v.poolId()), v.serverId() == null ? null
                : servers.get(v.serverId()))).toList());
    }

    private VmView view(Vm v) {
        String pool = deps.store().pools().find(v.poolId()).map(Pool::name).orElse(null);
        String server = v.serverId() == null ? null : deps.store().servers().find(v.serverId()).map(Server::name)
                .orElse(null);
        return view(v, pool, server);
    }

    private static VmView view(Vm v, String pool, String server) {
        return new VmView(v.id(), v.name(), pool, v.poolId(), server, v.serverId(), v.state(), v.desired(),
                v.stateReason(), v.ha(), v.vcpus(), v.memoryMib(), v.image().isEmpty() ? null : v.image(),
                v.preferredServer(), v.uuid(), v.updatedAt());
    }

    private void create(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("pool", "name", "vcpus", "memory_mib", "image", "ha", "preferred_server");
        String poolName = f.requiredString("pool", 64, null, "");
        String name = f.requiredString("name", 63, null, "");
        int vcpus = f.optionalInt("vcpus", Vm.DEFAULT_VCPUS, 1, VmDefinition.MAX_VCPUS);
        int memory = f.optionalInt("memory_mib", Vm.DEFAULT_MEMORY_MIB, VmDefinition.MIN_MEMORY_MIB,
                VmDefinition.MAX_MEMORY_MIB);
        String image = f.optionalString("image", 1024, null, "", null);
        boolean ha = Boolean.TRUE.equals(f.optionalBoolean("ha", false));
        String preferred = f.optionalString("preferred_server", 64, Patterns.NAME, Patterns.NAME_HINT, null);
        Pool pool = null;
        if (poolName != null) {
            pool = deps.store().pools().findByName(poolName).orElse(null);
            if (pool == null) {
                f.reject("pool", "no pool named " + poolName);
            }
        }
        if (name != null) {
            for (var p : new VmDefinition(name, null, vcpus, memory, image, ha, null).problems()) {
                f.reject(FIELDS.getOrDefault(p.field(), p.field()), p.message());
            }
            if (deps.store().vms().findByName(name).isPresent()) {
                f.reject("name", "a VM named " + name + " exists already; choose another name or delete it first");
            }
        }
        if (preferred != null && pool != null && deps.store().servers().listByPool(pool.id()).stream()
                .noneMatch(s -> s.name().equals(preferred))) {
            f.reject("preferred_server", "server " + preferred + " is not in pool " + poolName);
        }
        f.check();
        Pool target = pool;
        Job job;
        try {
            job = vms.create(target, new VmService.Spec(name, vcpus, memory, image, ha, preferred),
                    TokenAuth.userName(ctx));
        } catch (IllegalStateException taken) { // a concurrent create won the name
            throw ApiException.conflict(taken.getMessage());
        }
        accepted(ctx, job);
    }

    private static final Map<String, String> FIELDS = Map.of("memoryMib", "memory_mib", "preferredServer",
            "preferred_server");

    private void start(Context ctx) {
        Vm vm = vm(ctx);
        RequestFields f = body(ctx);
        f.allowOnly("server");
        String server = f.optionalString("server", 64, Patterns.NAME, Patterns.NAME_HINT, null);
        f.check();
        accepted(ctx, vms.start(vm, server, TokenAuth.userName(ctx)));
    }

    private void stop(Context ctx) {
        Vm vm = vm(ctx);
        RequestFields f = body(ctx);
        f.allowOnly("timeout_seconds");
        int timeout = f.optionalInt("timeout_seconds", (int) VmOperation.DEFAULT_STOP_TIMEOUT.toSeconds(), 1,
                MAX_STOP_TIMEOUT);
        f.check();
        accepted(ctx, vms.stop(vm, Duration.ofSeconds(timeout), TokenAuth.userName(ctx)));
    }

    private void migrate(Context ctx) {
        Vm vm = vm(ctx);
        RequestFields f = body(ctx);
        f.allowOnly("to");
        String to = f.requiredString("to", 64, Patterns.NAME, Patterns.NAME_HINT);
        f.check();
        accepted(ctx, vms.migrate(vm, to, TokenAuth.userName(ctx)));
    }

    private static final Pattern ACTIONS = Pattern.compile("start|stop|migrate|delete");

    private void plan(Context ctx) {
        Vm vm = vm(ctx);
        RequestFields f = body(ctx);
        f.allowOnly("action", "server", "to", "timeout_seconds");
        String action = f.requiredString("action", 8, ACTIONS, "must be start, stop, migrate or delete");
        String server = f.optionalString("server", 64, Patterns.NAME, Patterns.NAME_HINT, null);
        String to = f.optionalString("to", 64, Patterns.NAME, Patterns.NAME_HINT, null);
        int timeout = f.optionalInt("timeout_seconds", (int) VmOperation.DEFAULT_STOP_TIMEOUT.toSeconds(), 1,
                MAX_STOP_TIMEOUT);
        if ("migrate".equals(action) && to == null) {
            f.reject("to", "required to plan a migration");
        }
        f.check();
        VmAction kind = VmAction.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        ObjectNode input = VmOperation.input(deps.json(), vm, kind == VmAction.MIGRATE ? to : server,
                kind == VmAction.STOP ? Duration.ofSeconds(timeout) : null);
        ChangePlan plan = deps.operations().vm(kind).plan(deps.store(), vm.poolId(), input);
        ctx.json(deps.operations().codec().write(plan));
    }

    private RequestFields body(Context ctx) {
        String text = ctx.body();
        return RequestFields.parse(deps.json(), text.isBlank() ? "{}" : text);
    }

    private Vm vm(Context ctx) {
        String ref = ctx.pathParam("vm");
        return deps.store().vms().findByName(ref)
                .or(() -> ref.matches("\\d{1,18}") ? deps.store().vms().find(Long.parseLong(ref))
                        : java.util.Optional.empty())
                .orElseThrow(() -> ApiException.notFound("no VM named " + ref + "; `o2pool vm list` shows them"));
    }

    private void accepted(Context ctx, Job job) {
        ctx.status(202).json(JobsResource.JobView.of(deps.store().jobs().find(job.id()).orElseThrow(), deps.json()));
    }
}
