package io.o2pool.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.o2pool.agent.api.LeaseState;
import io.o2pool.agent.api.MigrateRequest;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.tls.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VM methods of the client against a stand-in agent that records each request (method, path with query, body)
 * and answers the JSON an agent answers: every method calls its endpoint with its body and reads the answer's records.
 */
class AgentClientVmTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String STATUS = "{\"name\":\"web1\",\"state\":\"RUNNING\",\"reason\":\"booted\","
            + "\"driver\":\"libvirt\",\"pid\":4242,\"since\":\"2026-12-04T18:00:00Z\",\"node\":\"node1\"}";
    private static final String LEASE = "{\"vm\":\"web1\",\"owner\":\"node2\",\"ownerNumber\":2,"
            + "\"since\":\"2026-12-04T18:00:00Z\",\"state\":\"HELD\",\"handoverTo\":null,\"handoverToNumber\":-1}";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private HttpsServer server;
    private AgentClient client;

    @BeforeEach
    void startStandInAgent() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestCertificates.aKeyStore(), TestCertificates.KEYSTORE_PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/v1/vms", this::answer);
        server.start();
        client = new AgentClient("https://127.0.0.1:" + server.getAddress().getPort(), TestCertificates.A_FINGERPRINT,
                "pw", TIMEOUT);
        answers.put("GET /v1/vms", "[" + STATUS + "]");
        answers.put("GET /v1/vms/endpoint", "{\"node\":\"node2\",\"nodeNumber\":2,\"driver\":\"libvirt\","
                + "\"libvirtUri\":\"qemu:///session?socket=/s\",\"migrationUri\":\"unix:///run/migrate-%s.sock\"}");
        answers.put("GET /v1/vms/leases", "[" + LEASE + "]");
        answers.put("POST /v1/vms/web1/migrate", "{\"vm\":\"web1\",\"from\":\"node1\",\"to\":\"node2\","
                + "\"elapsedMs\":812,\"downtimeMs\":203,\"lease\":" + LEASE + "}");
        answers.put("GET /v1/vms/events?after=7&waitMs=250", "{\"stream\":\"s1\",\"lastSeq\":8,\"gap\":false,"
                + "\"events\":[{\"seq\":8,\"time\":\"2026-12-04T18:00:01Z\",\"node\":\"node1\",\"vm\":\"web1\","
                + "\"type\":\"STARTED\",\"detail\":\"Started Booted\"}]}");
        answers.put("GET /v1/vms/web1/definition", "{\"name\":\"web1\",\"uuid\":null,\"vcpus\":1,\"memoryMib\":96,"
                + "\"image\":null,\"ha\":true,\"preferredServer\":null}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyVmMethodCallsItsEndpoint() {
        assertThat(client.vmStatuses()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(VmState.RUNNING);
            assertThat(s.pid()).isEqualTo(4242);
        });
        assertThat(client.vms()).singleElement().satisfies(old -> assertThat(old.state()).isEqualToIgnoringCase("running"));
        assertThat(client.defineVm(VmDefinition.tiny("web1")).name()).isEqualTo("web1");
        assertThat(client.vmDefinition("web1").ha()).isTrue();
        client.startVm("web1");
        client.shutdownVm("web1", 30);
        client.destroyVm("web1");
        VmEndpoint endpoint = client.vmEndpoint();
        assertThat(endpoint.migrationUriFor("web1")).isEqualTo("unix:///run/migrate-web1.sock");
        assertThat(client.migrateVm("web1", new MigrateRequest(endpoint, 60)).downtimeMs()).isEqualTo(203);
        assertThat(client.vmLeases()).singleElement().satisfies(l -> assertThat(l.state()).isEqualTo(LeaseState.HELD));
        assertThat(client.vmEvents(7, 250).events()).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(VmEventType.STARTED));
        client.undefineVm("web1", true);
        assertThat(requests).containsExactly(
                "GET /v1/vms ",
                "GET /v1/vms ",
                "PUT /v1/vms/web1 {\"name\":\"web1\",\"uuid\":null,\"vcpus\":1,\"memoryMib\":96,\"image\":null,"
                        + "\"ha\":false,\"preferredServer\":null}",
                "GET /v1/vms/web1/definition ",
                "POST /v1/vms/web1/start {}",
                "POST /v1/vms/web1/shutdown {\"timeoutSeconds\":30}",
                "POST /v1/vms/web1/destroy {}",
                "GET /v1/vms/endpoint ",
                "POST /v1/vms/web1/migrate {\"destination\":{\"node\":\"node2\",\"nodeNumber\":2,\"driver\":\"libvirt\","
                        + "\"libvirtUri\":\"qemu:///session?socket=/s\",\"migrationUri\":\"unix:///run/migrate-%s.sock\"},"
                        + "\"timeoutSeconds\":60}",
                "GET /v1/vms/leases ",
                "GET /v1/vms/events?after=7&waitMs=250 ",
                "DELETE /v1/vms/web1?definition=true ");
    }

    @Test
    void aRefusedStartCarriesTheAgentsMessage() {
        answers.put("POST /v1/vms/web1/start", "409 {\"error\":\"conflict\",\"message\":\"VM web1 is held by node2 "
                + "(node 2), alive in the disk heartbeat; stop it there or wait for the cluster to evict node2\"}");
        assertThatThrownBy(() -> client.startVm("web1")).isInstanceOfSatisfying(AgentClientException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("held by node2 (node 2), alive in the disk heartbeat");
        });
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(target + " " + body);
        String answer = answers.getOrDefault(target, STATUS);
        int status = 200;
        if (answer.matches("\\d{3} .*")) {
            status = Integer.parseInt(answer.substring(0, 3));
            answer = answer.substring(4);
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
