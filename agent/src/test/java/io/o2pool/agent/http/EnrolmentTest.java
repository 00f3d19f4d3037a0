package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.EnrolmentInfo;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.tls.TlsIdentity;
import io.o2pool.agent.tls.TlsIdentityStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrolment on a real agent process: a manager enrols with the password and its client certificate; from then on
 * the agent accepts that certificate alone — not the password, not another certificate — until {@code o2pool agent
 * reset-enrolment} on the host (with a new password) lets another manager enrol; the running agent needs no restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrolmentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    @TempDir
    static Path root;
    private AgentProcess agent;
    private TlsIdentity managerA;
    private TlsIdentity managerB;

    @BeforeAll
    void start() throws Exception {
        agent = AgentProcess.start(root.resolve("agent"), "127.0.1.31", List.of(), Map.of());
        managerA = identity("manager-a");
        managerB = identity("manager-b");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.stop();
        }
    }

    private TlsIdentity identity(String name) throws Exception {
        return new TlsIdentityStore(root.resolve(name)).loadOrCreate(name, List.of(InetAddress.getLoopbackAddress()),
                Clock.systemUTC());
    }

    private AgentClient client(String password, TlsIdentity manager) {
        return new AgentClient(agent.url(), agent.fingerprint(), password, manager == null ? null
                : manager.keyManagers(), TIMEOUT);
    }

    private static void assertRefused(AgentClient client, String... messageParts) {
        assertThatThrownBy(client::facts).isInstanceOfSatisfying(AgentClientException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    @Test
    @Order(1)
    void beforeEnrolmentThePasswordWorksAndAClientCertificateAloneDoesNot() {
        assertThat(agent.client().enrolment().enrolled()).isFalse();
        assertThat(client(AgentProcess.PASSWORD, managerA).facts()).isNotNull();
        assertRefused(client(null, managerA), "HTTP Basic");
        assertThatThrownBy(() -> agent.client().enrol()).as("enrolling needs a client certificate")
                .isInstanceOfSatisfying(AgentClientException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(agent.client().enrolment().enrolled()).isFalse();
    }

    @Test
    @Order(2)
    void afterEnrolmentOnlyTheEnrolledCertificateIsAccepted() {
        EnrolmentInfo enrolled = client(AgentProcess.PASSWORD, managerA).enrol();
        assertThat(enrolled.managerFingerprint()).isEqualTo(managerA.fingerprint());
        assertThat(client(null, managerA).facts()).as("the enrolled certificate, no password").isNotNull();
        assertThat(client(null, managerA).enrol()).as("idempotent").isEqualTo(enrolled);
        assertRefused(agent.client(), "enrolled to the manager with certificate " + managerA.fingerprint(),
                "password is no longer accepted", "o2pool agent reset-enrolment");
        assertRefused(client(AgentProcess.PASSWORD, managerB), "client certificate " + managerB.fingerprint()
                + " is not the enrolled manager's (" + managerA.fingerprint() + ")");
        assertThatThrownBy(() -> client(AgentProcess.PASSWORD, managerB).enrol()).as("another manager cannot take it")
                .isInstanceOfSatisfying(AgentClientException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(client(null, managerA).enrolment().managerFingerprint()).isEqualTo(managerA.fingerprint());
    }

    @Test
    @Order(3)
    void resetEnrolmentOnTheHostWithANewPasswordLetsAnotherManagerEnrolWithoutARestart() throws Exception {
        Path newPassword = root.resolve("new-password");
        Files.writeString(newPassword, "a brand new password\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = io.o2pool.agent.AgentMain.run(List.of("reset-enrolment", "--state-dir", agent.stateDir().toString(),
                "--password-file", newPassword.toString()), new PrintStream(out, true), System.err);
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("forgot the manager with certificate " + managerA.fingerprint());
        assertRefused(client(null, managerA), "HTTP Basic");
        assertRefused(agent.client(), "HTTP Basic"); // the old password
        EnrolmentInfo b = client("a brand new password", managerB).enrol();
        assertThat(b.managerFingerprint()).isEqualTo(managerB.fingerprint());
        assertThat(client(null, managerB).facts()).isNotNull();
        assertRefused(client(null, managerA), "is not the enrolled manager's");
        assertThat(agent.output()).contains("enrolled to the manager with certificate " + managerB.fingerprint());
    }
}
