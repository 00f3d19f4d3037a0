package io.o2pool.agent.auth;

import java.time.Instant;

/**
 * The manager this agent is enrolled to: the SHA-256 fingerprint of the client certificate it presented when it
 * enrolled with the agent password. From then on only that certificate is accepted; the password is not.
 */
public record Enrolment(String managerFingerprint, Instant enrolledAt) {
}
