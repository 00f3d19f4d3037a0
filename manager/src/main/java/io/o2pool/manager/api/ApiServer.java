package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.o2pool.manager.tls.ServedCertificate;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's HTTPS server: every REST resource, token authentication on {@code /api/}, errors as JSON bodies
 * naming the fields at fault, and the web UI (the jar's {@code /web} folder) at {@code /}. Binds one connector to the
 * given host and port (port 0 picks a free one): TLS only, presenting the served certificate, or plain HTTP when the
 * operator asked for it ({@code --insecure-http}). A plain-HTTP request to the TLS port gets no HTTP answer.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final ServerConnector connector;
    private final boolean tls;

    private ApiServer(Javalin app, ServerConnector connector, boolean tls) {
        this.app = app;
        this.connector = connector;
        this.tls = tls;
    }

    /** Starts serving on {@code host:port}: HTTPS with {@code certificate}, or plain HTTP when it is null. */
    public static ApiServer start(ApiDeps deps, String host, int port, ServedCertificate certificate) {
        TokenAuth auth = new TokenAuth(deps.store().users(), deps.clock());
        List<ApiResource> resources = List.of(
                new LoginResource(deps),
                new UsersResource(deps),
                new PoolsResource(deps),
                new PoolMembershipResource(deps),
                new ServersResource(deps),
                new ServerFenceResource(deps),
                new VmsResource(deps),
                new ServerBatchResource(deps),
                new TestConnectionResource(deps),
                new FixHostsResource(deps),
                new JobsResource(deps),
                new EventsResource(deps),
                new PlanResource(deps),
                new MetricsResource(deps),
                new OpenApiResource());
        ServerConnector[] connector = new ServerConnector[1];
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c;
                if (certificate != null) {
                    httpConfig.addCustomizer(new SecureRequestCustomizer(false)); // a pin, not the SNI name, is checked
                    SslContextFactory.Server factory = new SslContextFactory.Server();
                    factory.setSslContext(certificate.identity().serverContext());
                    c = new ServerConnector(server, new SslConnectionFactory(factory, "http/1.1"),
                            new HttpConnectionFactory(httpConfig));
                } else {
                    c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                }
                c.setHost(host);
                c.setPort(port);
                connector[0] = c;
                return c;
            });
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
        ApiServer started = new ApiServer(app, connector[0], certificate != null);
        if (certificate != null) {
            log.info("manager API listening on {} ({})", started.url(host), certificate.describe());
        } else {
            log.warn("manager API listening on {} in plain HTTP (--insecure-http): passwords and tokens travel"
                    + " unencrypted", started.url(host));
        }
        return started;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https://HOST:PORT} (or {@code http://} with {@code --insecure-http}) for {@code host}. */
    public String url(String host) {
        return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
