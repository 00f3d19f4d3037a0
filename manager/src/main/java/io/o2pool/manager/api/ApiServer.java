package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's HTTP server: every REST resource, token authentication on {@code /api/}, errors as JSON bodies
 * naming the fields at fault, and the web UI (the jar's {@code /web} folder) at {@code /}. Binds to the given host and
 * port (port 0 picks a free one).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    public static ApiServer start(ApiDeps deps, String host, int port) {
        TokenAuth auth = new TokenAuth(deps.store().users(), deps.clock());
        List<ApiResource> resources = List.of(
                new LoginResource(deps),
                new UsersResource(deps),
                new PoolsResource(deps),
                new PoolMembershipResource(deps),
                new ServersResource(deps),
                new ServerFenceResource(deps),
                new ServerBatchResource(deps),
                new TestConnectionResource(deps),
                new FixHostsResource(deps),
                new JobsResource(deps),
                new EventsResource(deps),
                new PlanResource(deps),
                new MetricsResource(deps),
                new OpenApiResource());
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jsonMapper(new JavalinJackson(deps.json(), false));
            cfg.staticFiles.add(web -> {
                web.hostedPath = "/";
                web.directory = "/web";
                web.location = Location.CLASSPATH;
            });
            cfg.routes.before(auth::check);
            cfg.routes.exception(ApiException.class, (e, ctx) -> {
                ObjectNode body = deps.json().createObjectNode();
                body.put("error", e.getMessage());
                if (!e.fields().isEmpty()) {
                    body.put("field", e.fields().getFirst().field());
                    ArrayNode fields = body.putArray("fields");
                    e.fields().forEach(fe -> fields.addObject().put("field", fe.field()).put("message", fe.message()));
                }
                ctx.status(e.status()).json(body);
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(deps.json().createObjectNode().put("error", "internal error: " + e));
            });
            resources.forEach(r -> r.register(cfg.routes));
        });
        app.start();
        log.info("manager API listening on {}:{}", host, app.port());
        return new ApiServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
