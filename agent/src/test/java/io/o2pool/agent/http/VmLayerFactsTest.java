package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.Facts;
import io.o2pool.agent.api.Finding;
import io.o2pool.agent.api.PreflightRequest;
import io.o2pool.agent.api.Severity;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.testkit.Programs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 5, the measured case: virsh is installed but no libvirt daemon runs. The agent (auto driver) picks
 * libvirt and says so at start; {@code GET /v1/facts} answers with the VM layer unreachable, why and the fix — not
 * 500 — and preflight raises it as the finding {@code vm.driver-unreachable}; VM calls answer 502 naming the URI.
 */
class VmLayerFactsTest {
    @TempDir
    Path root;

    @Test
    void aHypervisorWithoutADaemonIsAFindingNotAFailedFactsCall() throws Exception {
        Programs.require("virsh", "libvirt-clients");
        String uri = "qemu:///session?socket=" + root.resolve("no-daemon/libvirt-sock");
        try (AgentProcess agent = AgentProcess.start(root.resolve("agent"), "127.0.1.51",
                List.of("--vm-driver", "auto", "--libvirt-uri", uri), Map.of())) {
            AgentClient client = agent.client();
            Facts facts = client.facts();
            assertThat(facts.vms()).isEmpty();
            assertThat(facts.vmLayer().driver()).isEqualTo("libvirt");
            assertThat(facts.vmLayer().reachable()).isFalse();
            assertThat(facts.vmLayer().uri()).isEqualTo(uri);
            assertThat(facts.vmLayer().detail()).contains("Failed to connect socket", "no-daemon/libvirt-sock");
            assertThat(facts.vmLayer().fix()).contains("start the libvirt daemon", "--vm-driver process or none");

            List<Finding> findings = client.preflight(new PreflightRequest("vm-host03", "127.0.0.1", 7777, "ocfs2",
                    List.of(), true, null)).findings();
            assertThat(findings).filteredOn(f -> f.code().equals("vm.driver-unreachable")).singleElement()
                    .satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(Severity.WARNING);
                        assertThat(f.value()).isEqualTo(uri);
                        assertThat(f.message()).contains("the libvirt VM driver does not answer at " + uri);
                    });
            assertThatThrownBy(client::vmStatuses).isInstanceOfSatisfying(AgentClientException.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.getMessage()).contains("virsh list --all --name on " + uri + " failed");
            });
            assertThat(agent.output() + java.nio.file.Files.readString(agent.stateDir().resolve("logs/agent.log")))
                    .contains("VM driver libvirt (--vm-driver auto: virsh is installed) at " + uri + ": NOT REACHABLE");
        }
    }
}
