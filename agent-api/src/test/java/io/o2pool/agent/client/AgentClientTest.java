package io.o2pool.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.o2pool.agent.api.Health;
import io.o2pool.agent.tls.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a stand-in agent (the JDK's HTTPS server on 127.0.0.1, any free port, presenting the fixed
 * certificate agent-a): a client pinned to that certificate talks to it with Basic auth; one pinned to another
 * certificate is refused before any request reaches the server; an agent's error body becomes the exception's.
 */
class AgentClientTest {
    private static final String PASSWORD = "agent-password";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private String url;

    @BeforeEach
    void startStandInAgent() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestCertificates.aKeyStore(), TestCertificates.KEYSTORE_PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/health", exchange -> {
            requests.add(exchange.getRequestMethod() + " /health " + exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "{\"status\":\"ok\",\"version\":\"test\",\"nodeName\":\"agent-a\","
                    + "\"fingerprint\":\"" + TestCertificates.A_FINGERPRINT + "\"}");
        });
        server.createContext("/v1/config/commit", exchange -> {
            requests.add(exchange.getRequestMethod() + " /v1/config/commit");
            answer(exchange, 409, "{\"error\":\"conflict\",\"field\":\"generation\","
                    + "\"message\":\"generation 3 is not staged; stage it first\"}");
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aClientPinnedToTheAgentsCertificateCallsItWithBasicAuth() {
        Health health = new AgentClient(url, TestCertificates.A_FINGERPRINT, PASSWORD, TIMEOUT).health();
        assertThat(health.nodeName()).isEqualTo("agent-a");
        String basic = Base64.getEncoder().encodeToString(("o2pool:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(requests).containsExactly("GET /health Basic " + basic);
    }

    @Test
    void aClientPinnedToAnotherCertificateSendsNothing() {
        AgentClient wrongPin = new AgentClient(url, TestCertificates.B_FINGERPRINT, PASSWORD, TIMEOUT);
        assertThatThrownBy(wrongPin::health).isInstanceOfSatisfying(AgentClientException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains(TestCertificates.A_FINGERPRINT, "does not match the pinned "
                    + TestCertificates.B_FINGERPRINT);
        });
        assertThat(requests).isEmpty();
    }

    @Test
    void theAgentsErrorBodyIsKeptWithTheStatus() {
        AgentClient client = new AgentClient(url, TestCertificates.A_FINGERPRINT, PASSWORD, TIMEOUT);
        assertThatThrownBy(() -> client.commit(3)).isInstanceOfSatisfying(AgentClientException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.field()).isEqualTo("generation");
            assertThat(e.error().error()).isEqualTo("conflict");
            assertThat(e.getMessage()).contains("POST /v1/config/commit", "answered 409",
                    "generation 3 is not staged; stage it first (field generation)");
        });
    }

    @Test
    void theProbeReadsTheFingerprintWithoutSendingARequest() throws IOException {
        assertThat(FingerprintProbe.fingerprint("127.0.0.1", server.getAddress().getPort(), TIMEOUT))
                .isEqualTo(TestCertificates.A_FINGERPRINT);
        assertThat(requests).isEmpty();
    }

    @Test
    void onlyHttpsUrlsAreAccepted() {
        assertThatThrownBy(() -> new AgentClient("http://127.0.0.1:8899", TestCertificates.A_FINGERPRINT, PASSWORD,
                TIMEOUT)).hasMessageContaining("must start with https://");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
