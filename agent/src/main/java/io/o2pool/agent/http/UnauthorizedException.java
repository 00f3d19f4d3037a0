package io.o2pool.agent.http;

/** A request without valid credentials; answered 401 with a {@code WWW-Authenticate: Basic} challenge. */
final class UnauthorizedException extends RuntimeException {
    UnauthorizedException() {
        super("this endpoint needs HTTP Basic authentication as user 'o2pool' with the agent password");
    }

    /** Refused for a stated reason (an enrolled agent: no client certificate, or another manager's). */
    UnauthorizedException(String message) {
        super(message);
    }
}
