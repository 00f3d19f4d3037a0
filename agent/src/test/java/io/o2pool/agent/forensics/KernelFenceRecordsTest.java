package io.o2pool.agent.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.FenceRecordInfo;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.stack.StackConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/fence?node=} on the kernel stack: the survivor node0 (vm-host03 here) answers for the fenced node1
 * (vm-host02) from node1's netconsole lines it kept and its own kernel log; node1, rebooted, answers for itself from
 * ramoops. Lines of forensics.md §2.3, §3, §4.
 */
class KernelFenceRecordsTest {
    @TempDir
    Path dir;

    private static final StackConfig CONFIG = ConfigSamples.stackConfig(ConfigSamples.clusterConf(2),
            ConfigSamples.o2cb(7));

    private static List<String> resource(String path) throws IOException {
        try (var in = Objects.requireNonNull(KernelFenceRecordsTest.class.getResourceAsStream(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void theSurvivorAssemblesTheFencedNodesRecord() throws Exception {
        KernelLogStore store = new KernelLogStore(dir.resolve("netconsole"), 1 << 20);
        Instant t = Instant.parse("2026-12-04T18:19:50Z");
        store.append(new ReceivedLine(t.minusSeconds(600), "vm-host02", "[   10.000000] o2hb: node 1 hb write hung for"
                + " 6s on region OLD (dm-0), negotiate timeout with node 0.")); // an older episode
        List<String> plain = resource("/io/o2pool/agent/stack/kernel/netconsole-plain.log");
        for (int i = 0; i < plain.size(); i++) {
            store.append(new ReceivedLine(t.plusSeconds(i), "vm-host02", plain.get(i).substring(
                    plain.get(i).indexOf(' ') + 1)));
        }
        List<String> dmesg = resource("/io/o2pool/agent/forensics/survivor-dmsuspend-dmesg.log");
        KernelFenceRecords records = new KernelFenceRecords("vm-host03", store, () -> dmesg, dir.resolve("none"),
                () -> Optional.of(CONFIG), Optional::empty);

        FenceRecords answer = records.records("vm-host02");

        assertThat(answer.driver()).isEqualTo("kernel");
        FenceRecordInfo r = answer.records().getFirst();
        assertThat(r.rule()).isEqualTo("WRITE_TIMEOUT");
        assertThat(r.cluster()).isEqualTo("ocfs2");
        assertThat(r.nodeNumber()).isEqualTo(1);
        assertThat(r.method()).isEqualTo("reset");
        assertThat(r.time()).isEqualTo(t.plusSeconds(3));
        assertThat(r.peersSeen()).containsExactly("vm-host03");
        assertThat(r.kernel().fencedNodeSource()).isEqualTo("netconsole via vm-host03");
        assertThat(r.kernel().writeTimeoutMs()).isEqualTo(12012);
        assertThat(r.kernel().lines()).extracting(l -> l.origin()).containsSubsequence("NETCONSOLE", "SURVIVOR");
        assertThat(r.kernel().lines()).noneMatch(l -> l.text().contains("OLD"));
        assertThat(records.records("vm-host09").note()).contains("not a node of the live cluster config");
    }

    /**
     * The lines SCENARIO fence captured on the real kernel (e2e/kvm, three nodes, node2's heartbeat on a suspended
     * dm mapping): node0's agent's store of node2's extended netconsole records as it wrote them, and node0's and
     * node1's {@code dmesg --raw}, which also hold node2's earlier clean departure (its maintenance) with the same
     * {@code No longer connected} line — not this fence's.
     */
    @Test
    void theRecordOfTheKvmFenceFromWhatNode0AndNode1Kept() throws Exception {
        Path stored = Files.createDirectories(dir.resolve("netconsole"));
        Files.write(stored.resolve("node2.log"), resource("/io/o2pool/agent/forensics/kvm-fence-node2-netconsole-at-node0.log"));
        KernelLogStore store = new KernelLogStore(stored, 1 << 20);
        StackConfig three = ConfigSamples.stackConfig(ConfigSamples.clusterConf("ocfs2", List.of(
                new String[] {"node0", "10.77.0.10", "7777"}, new String[] {"node1", "10.77.0.11", "7777"},
                new String[] {"node2", "10.77.0.12", "7777"})), ConfigSamples.o2cb(7));
        List<String> node0 = resource("/io/o2pool/agent/forensics/kvm-fence-node0-dmesg-raw.log");
        List<String> node1 = resource("/io/o2pool/agent/forensics/kvm-fence-node1-dmesg-raw.log");

        FenceRecordInfo r = new KernelFenceRecords("node0", store, () -> node0, dir.resolve("none"),
                () -> Optional.of(three), Optional::empty).records("node2").records().getFirst();

        assertThat(r.rule()).isEqualTo("WRITE_TIMEOUT");
        assertThat(r.message()).isEqualTo("(kworker/0:1,370,0):o2hb_write_timeout:301 ERROR: Heartbeat write timeout"
                + " to device dm-0 after 12184 milliseconds");
        assertThat(r.nodeNumber()).isEqualTo(2);
        assertThat(r.method()).isEqualTo("reset");
        assertThat(r.lowestNode()).as("negotiate timeout with node 0").isZero();
        assertThat(r.time()).as("the fence line's arrival at node0").isEqualTo(Instant.parse(
                "2026-12-05T10:20:07.703784221Z"));
        assertThat(r.kernel().fencedNodeSource()).isEqualTo("netconsole via node0");
        assertThat(r.kernel().writeTimeoutMs()).isEqualTo(12184);
        assertThat(r.kernel().warningBeforeFenceMs()).as("363.949433 → 370.096880").isEqualTo(6147);
        assertThat(r.kernel().lines()).filteredOn(l -> l.origin().equals("NETCONSOLE"))
                .extracting(l -> l.level() + " " + l.text().substring(0, 20))
                .containsExactly("5 o2hb: node 2 hb writ", "3 (kworker/0:1,370,0):", "3 (kworker/0:1,370,0):",
                        "3 *** ocfs2 is very so");
        assertThat(r.kernel().lines()).filteredOn(l -> l.origin().equals("SURVIVOR"))
                .extracting(l -> l.uptimeUs()).as("after node2's reconnection at 351.455958 only: its maintenance's"
                        + " 'No longer connected' at 343.758975 is not this fence's")
                .hasSize(8).allSatisfy(us -> assertThat(us).isGreaterThan(351_455_958L));
        assertThat(r.peersSeen()).containsExactly("node0");
        assertThat(r.kernel().evictionMs()).as("371.927953 → 372.465751").containsExactly("node0=537");

        FenceRecordInfo atNode1 = new KernelFenceRecords("node1", store, () -> node1, dir.resolve("none"),
                () -> Optional.of(three), Optional::empty).records("node2").records().getFirst();
        assertThat(atNode1.kernel().lines()).filteredOn(l -> l.origin().equals("SURVIVOR")).extracting(l -> l.text())
                .containsExactly("o2cb: o2dlm has evicted node 2 from domain 04F57868A8AF43CE99D97B65857AF230",
                        "o2net: No longer connected to node node2 (num 2) at 10.77.0.12:7777");
        assertThat(atNode1.kernel().evictionMs()).containsExactly("node1=188");
    }

    @Test
    void theRebootedNodeAddsItsRamoopsDump() throws Exception {
        Path pstore = Files.createDirectories(dir.resolve("pstore"));
        Files.writeString(pstore.resolve("dmesg-ramoops-0"), "Emergency#1 Part1\n"
                + String.join("\n", resource("/io/o2pool/agent/stack/kernel/ramoops-reset.log")) + "\n");
        KernelFenceRecords records = new KernelFenceRecords("vm-host02", new KernelLogStore(dir.resolve("nc"), 1000),
                List::of, pstore, () -> Optional.of(CONFIG), Optional::empty);

        FenceRecordInfo r = records.records("vm-host02").records().getFirst();

        assertThat(r.method()).isEqualTo("reset");
        assertThat(r.kernel().fencedNodeSource()).isEqualTo("ramoops");
        assertThat(r.kernel().lines()).singleElement().satisfies(l -> assertThat(l.level()).isEqualTo(3));
    }

    @Test
    void nothingReceivedIsANote() {
        KernelFenceRecords records = new KernelFenceRecords("vm-host03", new KernelLogStore(dir.resolve("nc"), 1000),
                List::of, dir.resolve("none"), () -> Optional.of(CONFIG), Optional::empty);
        FenceRecords answer = records.records("vm-host02");
        assertThat(answer.records()).isEmpty();
        assertThat(answer.note()).contains("no kernel line about a fence of vm-host02 reached vm-host03");
    }

    @Test
    void anEvictionAloneIsANoteNotARecord() throws Exception {
        List<String> dmesg = resource("/io/o2pool/agent/forensics/survivor-dmsuspend-dmesg.log");
        KernelFenceRecords records = new KernelFenceRecords("vm-host03", new KernelLogStore(dir.resolve("nc"), 1000),
                () -> dmesg, dir.resolve("none"), () -> Optional.of(CONFIG), Optional::empty);

        FenceRecords answer = records.records("vm-host02");

        assertThat(answer.records()).as("a killed or powered-off node is evicted the same way").isEmpty();
        assertThat(answer.note()).contains("vm-host03 evicted vm-host02", "no line of vm-host02 itself");
    }

    @Test
    void withoutTheFenceLineTheRecordIsDatedByTheSurvivorsEviction() throws Exception {
        List<String> dmesg = resource("/io/o2pool/agent/forensics/survivor-dmsuspend-dmesg.log");
        Instant boot = Instant.parse("2026-12-04T18:18:00Z");
        Path stat = Files.writeString(dir.resolve("stat"), "cpu  1 2 3\nbtime " + boot.getEpochSecond() + "\n");
        KernelLogStore store = new KernelLogStore(dir.resolve("nc"), 1 << 20);
        String hung = resource("/io/o2pool/agent/stack/kernel/netconsole-plain.log").getFirst();
        store.append(new ReceivedLine(boot.plusSeconds(58), "vm-host02", hung.substring(hung.indexOf(' ') + 1)));
        KernelFenceRecords records = new KernelFenceRecords("vm-host03", store, () -> dmesg, dir.resolve("none"),
                () -> Optional.of(CONFIG), () -> KernelFenceRecords.bootTime(stat));

        FenceRecordInfo r = records.records("vm-host02").records().getFirst();

        assertThat(r.time()).as("boot + 66.266228 s").isEqualTo(boot.plusNanos(66_266_228_000L));
        assertThat(r.rule()).as("only the warning arrived: inferred from it and the eviction")
                .isEqualTo("WRITE_TIMEOUT");
        assertThat(r.message()).startsWith("inferred:");
        assertThat(r.method()).isNull();
        assertThat(r.kernel().fencedNodeSource()).isEqualTo("netconsole via vm-host03");
    }
}
