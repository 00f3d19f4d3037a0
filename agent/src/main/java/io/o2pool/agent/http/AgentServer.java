package io.o2pool.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.o2pool.agent.api.Health;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.auth.Authenticator;
import io.o2pool.agent.config.ConfigApplier;
import io.o2pool.agent.facts.FactsCollector;
import io.o2pool.agent.facts.HostInfo;
import io.o2pool.agent.preflight.Preflight;
import io.o2pool.agent.preflight.ProbeListeners;
import io.o2pool.agent.repository.RepositoryService;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.agent.tls.TlsIdentity;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The agent's HTTPS API: a Javalin app on one TLS-only Jetty connector (no plain-HTTP port), the auth filter in
 * front of everything but {@code /health}, one resource per endpoint group, and the error mapping. Start and stop
 * from one thread.
 */
public final class AgentServer {
    /** What the resources serve; built by {@code AgentMain}, or by tests with fakes. */
    public record Services(Health health, Authenticator authenticator, FactsCollector facts, Preflight preflight,
            ConfigApplier config, StackDriver stack, RepositoryService repositories, io.o2pool.agent.vm.VmService vms, HostInfo host,
            ProbeListeners probes, io.o2pool.agent.preflight.HostsFixer hosts,
            io.o2pool.agent.auth.EnrolmentStore enrolments, java.time.Clock clock,
            io.o2pool.agent.forensics.KernelLogStore kernelLog, io.o2pool.agent.vm.guard.GuardKillLog guardKills,
            boolean guarded) {
    }

    private final Javalin app;
    private final ServerConnector[] connector = new ServerConnector[1];

    public AgentServer(InetSocketAddress listen, TlsIdentity identity, Services services) {
        ObjectMapper mapper = Json.mapper();
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.jetty.addConnector((server, httpConfig) -> {
                httpConfig.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server tls = new SslContextFactory.Server();
                tls.setSslContext(ClientCertificateTls.serverContext(identity));
                tls.setWantClientAuth(true); // a manager enrolled with its certificate presents it on every call
                ServerConnector https = new ServerConnector(server,
                        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(httpConfig));
                https.setHost(listen.getAddress().getHostAddress());
                https.setPort(listen.getPort());
                connector[0] = https;
                return https;
            });
            cfg.routes.before(new AuthFilter(services.authenticator(), services.enrolments()));
            ErrorMapping.register(cfg.routes);
            new HealthResource(services.health()).register(cfg.routes);
            new EnrolResource(services.enrolments(), services.clock()).register(cfg.routes);
            new FactsResource(services.facts()).register(cfg.routes);
            new PreflightResource(services.preflight(), mapper).register(cfg.routes);
            new HostsResource(services.hosts(), mapper).register(cfg.routes);
            new ProbeResource(services.probes(), services.host(), services.stack(), mapper).register(cfg.routes);
            new ConfigResource(services.config(), mapper).register(cfg.routes);
            new ClusterResource(services.stack(), services.config()).register(cfg.routes);
            new FenceResource(services.stack(), services.health().nodeName()).register(cfg.routes);
            new HeartbeatResource(services.stack()).register(cfg.routes);
            new ForensicsResource(services.kernelLog(), services.health().nodeName()).register(cfg.routes);
            new RepositoryResource(services.repositories(), mapper).register(cfg.routes);
            new GuardResource(services.guardKills(), services.health().nodeName(), services.guarded())
                    .register(cfg.routes);
            new VmsResource(services.vms(), mapper).register(cfg.routes);
        });
    }

    /** Binds the TLS port and starts serving; fails if the address is taken or not local. */
    public AgentServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector[0].getLocalPort();
    }

    public void stop() {
        app.stop();
    }
}
