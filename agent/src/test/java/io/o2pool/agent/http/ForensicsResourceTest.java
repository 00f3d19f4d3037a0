package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.KernelLogLines;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/forensics/kernel-log} against a real agent JVM on 127.0.1.61 receiving netconsole over real UDP:
 * the frames captured in forensics.md §3 are sent from vm-host04's address (named by the cluster config) and from an
 * address no node has, and come back through the API with their framing read.
 */
class ForensicsResourceTest extends RealAgentTest {
    private static final String ADDRESS = "127.0.1.61";
    private static final String PEER = "127.0.1.62";
    private static final String STRANGER = "127.0.1.63";

    private static List<String> captured(String name) throws IOException {
        try (var in = Objects.requireNonNull(ForensicsResourceTest.class.getResourceAsStream(
                "/io/o2pool/agent/stack/kernel/" + name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.substring(l.indexOf(' ') + 1)).toList(); // drop the capture's arrival column
        }
    }

    @Test
    void aPeersNetconsoleLinesComeBackThroughTheApi() throws Exception {
        int udp = freeUdpPort();
        agent = AgentProcess.start(root.resolve("agent"), ADDRESS, List.of("--netconsole-port", Integer.toString(udp)),
                java.util.Map.of());
        AgentClient client = agent.client();
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withTimeouts(7, 5000, 1000, 2000));
        StageRequest change = StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2", List.of(
                new String[] {"vm-host03", ADDRESS, "7777"}, new String[] {"vm-host04", PEER, "7777"})), o2cb);
        assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(client.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        Instant before = Instant.now();

        List<String> plain = captured("netconsole-plain.log");
        List<String> extended = captured("netconsole-extended.log");
        InetSocketAddress to = new InetSocketAddress(ADDRESS, udp);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(PEER, 0));
                DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(STRANGER, 0))) {
            for (String l : plain) {
                send(peer, to, l + "\n");
            }
            for (String l : extended) {
                send(stranger, to, l);
            }
        }
        await("the datagrams to be stored").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.kernelLog("vm-host04", null).lines().size() == plain.size()
                        && client.kernelLog("ip-" + STRANGER, null).lines().size() == extended.size());

        KernelLogLines fromPeer = client.kernelLog("vm-host04", before.minusSeconds(5));
        assertThat(fromPeer.receiver()).isEqualTo("vm-host03");
        assertThat(fromPeer.lines()).extracting(KernelLogLines.Line::raw).containsExactlyElementsOf(plain);
        assertThat(fromPeer.lines().getLast().text())
                .isEqualTo("*** ocfs2 is very sorry to be fencing this system by restarting ***");
        assertThat(fromPeer.lines().getLast().uptimeUs()).isEqualTo(62_145_210L);

        KernelLogLines fromStranger = client.kernelLog("ip-" + STRANGER, null);
        assertThat(fromStranger.lines().get(3).level()).isZero();
        assertThat(fromStranger.lines().get(3).text()).startsWith("Kernel panic - not syncing: *** ocfs2");
        assertThat(client.kernelLog("vm-host04", Instant.now().plusSeconds(3600)).lines()).isEmpty();

        assertThatThrownBy(() -> client.kernelLog("../etc", null)).isInstanceOfSatisfying(AgentClientException.class,
                e -> assertThat(e.getMessage()).contains("../etc"));
    }

    private static void send(DatagramSocket from, InetSocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        from.send(new DatagramPacket(b, b.length, to));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ADDRESS, 0))) {
            return s.getLocalPort();
        }
    }
}
