package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.EnrolmentInfo;
import io.o2pool.agent.auth.Enrolment;
import io.o2pool.agent.auth.EnrolmentStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/enrol}: the manager that called with the agent password and a client certificate becomes the only
 * caller this agent accepts (that certificate, pinned by fingerprint). Idempotent for the enrolled manager (the
 * {@link AuthFilter} lets only it through once enrolled). {@code GET /v1/enrolment}: the current enrolment.
 */
final class EnrolResource {
    private static final Logger log = LoggerFactory.getLogger(EnrolResource.class);

    private static EnrolmentInfo view(Enrolment e) {
        return new EnrolmentInfo(e.managerFingerprint(), e.enrolledAt().toString());
    }

    private final EnrolmentStore enrolments;
    private final Clock clock;

    EnrolResource(EnrolmentStore enrolments, Clock clock) {
        this.enrolments = enrolments;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/enrol", this::enrol);
        routes.get("/v1/enrolment", ctx -> ctx.json(enrolments.current().map(EnrolResource::view)
                .orElse(new EnrolmentInfo(null, null))));
    }

    private void enrol(Context ctx) {
        String presented = ctx.attribute(AuthFilter.CLIENT_FINGERPRINT);
        if (presented == null) {
            throw new InvalidInputException("client_certificate", "enrolling needs the manager's client"
                    + " certificate on this TLS connection; none was presented");
        }
        var current = enrolments.current();
        if (current.isPresent()) { // the filter let only the enrolled manager through
            ctx.json(view(current.get()));
            return;
        }
        Enrolment e = enrolments.enrol(presented, clock.instant());
        log.info("enrolled to the manager with certificate {} from {}: the agent password is no longer accepted",
                presented, ctx.ip());
        ctx.json(view(e));
    }
}
