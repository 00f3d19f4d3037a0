package io.o2pool.agent.forensics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.stack.kernel.KernelRecord;
import io.o2pool.agent.stack.kernel.O2cbLine;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real UDP on loopback: two senders on 127.0.0.2 and 127.0.0.3 send the netconsole frames captured in forensics.md §3
 * (plain from a reset fence, extended from a panic fence) to a receiver on 127.0.0.1; the lines come back per node.
 */
class NetconsoleReceiverTest {
    @TempDir
    Path dir;

    private static List<String> captured(String name) throws IOException {
        try (var in = Objects.requireNonNull(NetconsoleReceiverTest.class.getResourceAsStream(
                "/io/o2pool/agent/stack/kernel/" + name))) {
            // the capture's first column is the listener's uptime on arrival, not part of the datagram
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        }
    }

    @Test
    void storesPlainAndExtendedFramesPerSenderAndReadsThemBack() throws Exception {
        Instant t0 = Instant.parse("2026-12-05T07:00:00Z");
        KernelLogStore store = new KernelLogStore(dir.resolve("netconsole"), 1 << 20);
        List<String> plain = captured("netconsole-plain.log");
        List<String> extended = captured("netconsole-extended.log");
        try (NetconsoleReceiver receiver = new NetconsoleReceiver(new InetSocketAddress("127.0.0.1", 0), store,
                InstantSource.fixed(t0));
                DatagramSocket node1 = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
                DatagramSocket node2 = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
            receiver.knownSender(InetAddress.getByName("127.0.0.2"), "node1");
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", receiver.port());
            for (String l : plain) {
                send(node1, to, l + "\n");
            }
            for (String l : extended) {
                send(node2, to, l);
            }
            awaitReceived(receiver, plain.size() + extended.size());
        }

        List<ReceivedLine> fromNode1 = store.read("node1", null);
        assertThat(fromNode1).extracting(ReceivedLine::raw).containsExactlyElementsOf(plain);
        assertThat(fromNode1.getLast().record().message()).contains(new O2cbLine.FenceSelf("reset"));
        assertThat(fromNode1.get(1).record().message()).contains(new O2cbLine.HbWriteTimeout("dm-0", 12012));

        List<ReceivedLine> fromUnknown = store.read("ip-127.0.0.3", t0);
        assertThat(fromUnknown).extracting(ReceivedLine::raw).containsExactlyElementsOf(extended);
        KernelRecord panic = fromUnknown.get(3).record();
        assertThat(panic.level()).isZero();
        assertThat(panic.sequence()).isEqualTo(440);
        assertThat(panic.message()).contains(new O2cbLine.FenceSelf("panic"));
        assertThat(store.read("node1", t0.plusSeconds(1))).as("since after every arrival").isEmpty();
        assertThat(store.nodes()).containsExactly("ip-127.0.0.3", "node1");
    }

    @Test
    void rotatesPastTheBoundAndKeepsTheNewestLines() throws Exception {
        KernelLogStore store = new KernelLogStore(dir, 200);
        Instant t = Instant.parse("2026-12-05T07:00:00Z");
        for (int i = 0; i < 40; i++) {
            store.append(new ReceivedLine(t.plusSeconds(i), "node1", "[   " + i + ".000000] line " + i));
        }
        List<ReceivedLine> kept = store.read("node1", null);
        assertThat(kept.getLast().raw()).endsWith("line 39");
        assertThat(kept.size()).isLessThan(40);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("node1.log", "node1.log.1");
        }
        assertThat(Files.size(dir.resolve("node1.log.1"))).isLessThan(300);
    }

    @Test
    void aBadNodeNameOrAHandEditedFileIsAClearError() throws Exception {
        KernelLogStore store = new KernelLogStore(dir, 1000);
        assertThatThrownBy(() -> store.read("../etc", null)).hasMessageContaining("'../etc'");
        Files.writeString(dir.resolve("node1.log"), "2026-12-05T07:00:00Z [ 1.000000] ok\nnot a line\n");
        assertThatThrownBy(() -> store.read("node1", null)).hasMessageContaining("line 2")
                .hasMessageContaining("node1.log");
    }

    private static void send(DatagramSocket from, InetSocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        from.send(new DatagramPacket(b, b.length, to));
    }

    private static void awaitReceived(NetconsoleReceiver receiver, int count) throws InterruptedException {
        for (int i = 0; i < 500 && receiver.received() < count; i++) {
            Thread.sleep(10); // waiting for the datagrams, not asserting a time
        }
        assertThat(receiver.received()).isEqualTo(count);
    }
}
