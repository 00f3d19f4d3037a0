package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.MigrateRequest;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM endpoints refuse bad input before changing anything, naming the field (400), an unknown VM (404), and what
 * the server's state forbids (409: no repository, a stack not heartbeating, a driver that cannot migrate).
 */
class VmsResourceTest {
    @TempDir
    Path root;
    private AgentProcess agent;
    private AgentClient client;

    @BeforeEach
    void start() throws Exception {
        agent = AgentProcess.start(root.resolve("agent"), "127.0.1.52", List.of(), Map.of());
        client = agent.client();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void everyFieldIsValidated() {
        assertRefused(() -> client.defineVm(new VmDefinition("web1", null, 1, 64, null, false, null)), 400, "memoryMib",
                "memoryMib is 64; it must be 96–1048576");
        assertRefused(() -> client.defineVm(new VmDefinition("web1", "not-a-uuid", 1, 96, null, false, null)), 400,
                "uuid", "is not a UUID");
        assertRefused(() -> client.defineVm(new VmDefinition("web1", null, 1, 96, "../etc/passwd", false, null)), 400,
                "image", "relative to the repository's root");
        assertRefused(() -> client.defineVm(new VmDefinition("web1", null, 99, 96, null, false, null)), 400, "vcpus",
                "vcpus is 99; it must be 1–64");
        assertRefused(() -> client.vm("bad name!"), 400, "name", "is not valid");
        assertRefused(() -> client.vmEvents(0, 600_000), 400, "waitMs", "waitMs is 600000; it must be 0–60000");
        assertRefused(() -> client.migrateVm("web1", new MigrateRequest(null, 0)), 400, "destination",
                "missing field 'destination'");
        assertRefused(() -> client.migrateVm("web1", new MigrateRequest(new VmEndpoint("h2", 1, "libvirt", null,
                null), 0)), 400, "destination.libvirtUri", "gives no libvirtUri");
        assertRefused(() -> client.shutdownVm("web1", 0), 400, "timeoutSeconds", "it must be 1–3600");
    }

    @Test
    void stateRefusalsSayWhatToDo() throws Exception {
        assertRefused(() -> client.defineVm(VmDefinition.tiny("web1")), 409, null,
                "no repository is attached to vm-host03");
        assertRefused(() -> client.vmDefinition("web1"), 404, "name", "has no definition in the repository");
        assertThat(client.vm("web1").state().name()).isEqualTo("MISSING");
        assertThat(client.vmEndpoint().driver()).isEqualTo("process");
        assertThat(client.vmEvents(0, 0).events()).isEmpty();
        assertThat(client.vmLeases()).isEmpty();
        // stand-in processes cannot move: a refusal (409, nothing tried), not a driver failure (502, which the
        // manager would retry as transient)
        assertThatThrownBy(() -> client.migrateVm("web1", new MigrateRequest(new VmEndpoint("vm-host04", 2,
                "process", null, null), 0))).isInstanceOfSatisfying(AgentClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.error().error()).isEqualTo("cannot-migrate");
                    assertThat(e.getMessage()).contains("cannot live-migrate VM web1", "process VM driver",
                            "start it on vm-host04");
                });
        assertThat(client.vmLeases()).as("the lease was not touched").isEmpty();
        // the raw body: a name in the body that differs from the path
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(new io.o2pool.agent.tls.PinnedTrust(agent.fingerprint()).sslContext()).build();
        java.net.http.HttpResponse<String> raw = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(agent.url() + "/v1/vms/web1")).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("o2pool:" + AgentProcess.PASSWORD).getBytes()))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"web2\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("\"field\":\"name\"", "the path names 'web1'");
        assertThat(Files.exists(agent.stateDir().resolve("vms/web1.vm"))).isFalse();
    }

    private static void assertRefused(Runnable call, int status, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AgentClientException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
