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
        assertThat(r.rule()).as("only the warning arrived").isEqualTo("UNKNOWN");
        assertThat(r.method()).isNull();
        assertThat(r.kernel().fencedNodeSource()).isEqualTo("netconsole via vm-host03");
    }
}
