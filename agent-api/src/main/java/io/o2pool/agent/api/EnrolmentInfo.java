package io.o2pool.agent.api;

/**
 * {@code POST /v1/enrol} and {@code GET /v1/enrolment}: the SHA-256 fingerprint of the manager certificate the agent
 * accepts (and no password any more), and since when (ISO-8601); both null when the agent is not enrolled.
 */
public record EnrolmentInfo(String managerFingerprint, String enrolledAt) {
    public boolean enrolled() {
        return managerFingerprint != null;
    }
}
