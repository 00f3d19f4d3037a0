package io.o2pool.agent.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.o2pool.agent.auth.Authenticator;
import io.o2pool.agent.auth.Enrolment;
import io.o2pool.agent.auth.EnrolmentStore;
import io.o2pool.agent.tls.Fingerprints;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets {@code GET /health} through and authenticates every other path, known or not, so an unauthenticated caller
 * learns nothing about the API. Before enrolment: the agent password (HTTP Basic). Once a manager has enrolled
 * ({@link EnrolmentStore}): only the client certificate it enrolled with — the password is refused, and so is any other
 * certificate, each with the reason and the fix. The presented certificate's fingerprint is left on the request
 * ({@link #CLIENT_FINGERPRINT}) for {@code POST /v1/enrol}.
 */
final class AuthFilter implements Handler {
    static final String CLIENT_FINGERPRINT = "o2pool.client-fingerprint";
    private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Authenticator authenticator;
    private final EnrolmentStore enrolments;

    AuthFilter(Authenticator authenticator, EnrolmentStore enrolments) {
        this.authenticator = authenticator;
        this.enrolments = enrolments;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.path().equals(HealthResource.PATH)) {
            return;
        }
        String presented = clientFingerprint(ctx);
        if (presented != null) {
            ctx.attribute(CLIENT_FINGERPRINT, presented);
        }
        Optional<Enrolment> enrolled = enrolments.current();
        String request = ctx.method() + " " + ctx.path();
        if (enrolled.isPresent()) {
            String manager = enrolled.get().managerFingerprint();
            if (presented == null) {
                log.warn("authentication failed from {} for {}: no client certificate (enrolled to manager {})",
                        ctx.ip(), request, manager);
                throw new UnauthorizedException("this agent is enrolled to the manager with certificate " + manager
                        + " (since " + enrolled.get().enrolledAt() + ") and accepts only that certificate; the agent"
                        + " password is no longer accepted. If that manager's key is lost, run `o2pool agent"
                        + " reset-enrolment --password-file FILE` on this host, then add the server again");
            }
            if (!presented.equals(manager)) {
                log.warn("authentication failed from {} for {}: client certificate {} is not the enrolled manager's"
                        + " {}", ctx.ip(), request, presented, manager);
                throw new UnauthorizedException("client certificate " + presented + " is not the enrolled"
                        + " manager's (" + manager + "): this agent belongs to another manager. To move it, run"
                        + " `o2pool agent reset-enrolment --password-file FILE` on this host, then add the server"
                        + " to the new manager");
            }
            return;
        }
        var outcome = authenticator.check(ctx.header("Authorization"), ctx.ip(), request);
        if (!outcome.accepted()) {
            throw new UnauthorizedException();
        }
    }

    private static String clientFingerprint(Context ctx) {
        Object certificates = ctx.req().getAttribute(CERTIFICATES);
        if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
            return Fingerprints.sha256(chain[0]);
        }
        return null;
    }
}
