package io.o2pool.agent.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.forensics.KernelFenceAssembly.Source;
import io.o2pool.agent.forensics.KernelFenceLine.Origin;
import io.o2pool.agent.stack.kernel.KernelRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The kernel fence record of the dm-suspend reset run of forensics.md §2.3: node1's last lines as node0 received them
 * over netconsole (§3), node0's own eviction lines, and the same fence as ramoops kept it (§4).
 */
class KernelFenceAssemblyTest {
    private static final Instant ARRIVED = Instant.parse("2026-12-04T18:19:53Z");

    private static List<KernelRecord> lines(String path, boolean dropArrivalColumn) throws IOException {
        try (var in = Objects.requireNonNull(KernelFenceAssemblyTest.class.getResourceAsStream(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> dropArrivalColumn ? l.substring(l.indexOf(' ') + 1) : l).map(KernelRecord::parse)
                    .toList();
        }
    }

    private static Source netconsole() throws IOException {
        return new Source(Origin.NETCONSOLE, "node1", "node0", ARRIVED,
                lines("/io/o2pool/agent/stack/kernel/netconsole-plain.log", true));
    }

    private static Source survivor() throws IOException {
        return new Source(Origin.SURVIVOR, "node0", null, ARRIVED.plusSeconds(4),
                lines("/io/o2pool/agent/forensics/survivor-dmsuspend-dmesg.log", false));
    }

    @Test
    void aWriteTimeoutFenceFromNetconsoleAndTheSurvivorsLines() throws IOException {
        KernelFenceRecord r = KernelFenceAssembly.assemble("probecl", "node1", 1, List.of(netconsole(), survivor()))
                .orElseThrow();

        assertThat(r.rule()).isEqualTo("WRITE_TIMEOUT");
        assertThat(r.message()).isEqualTo("(kworker/0:2,48,0):o2hb_write_timeout:301 ERROR: Heartbeat write timeout"
                + " to device dm-0 after 12012 milliseconds");
        assertThat(r.writeTimeoutMs()).isEqualTo(12012);
        assertThat(r.method()).isEqualTo("reset");
        assertThat(r.warningBeforeFenceMs()).as("56.260354 → 62.145210").isEqualTo(5884);
        assertThat(r.lowestNode()).as("negotiate timeout with node 0").isZero();
        assertThat(r.heartbeating()).isEqualTo(2);
        assertThat(r.connected()).isEqualTo(2);
        assertThat(r.peersSeen()).containsExactly("node0");
        assertThat(r.peersConnected()).containsExactly("node0");
        assertThat(r.evictionMs()).as("66.260621 → 70.868772").containsExactly("node0=4608");
        assertThat(r.time()).isEqualTo(ARRIVED);
        assertThat(r.fencedNodeSource()).isEqualTo("netconsole via node0");
        assertThat(r.lines()).filteredOn(l -> l.origin() == Origin.NETCONSOLE).hasSize(4)
                .allSatisfy(l -> assertThat(l.via()).isEqualTo("node0"));
        assertThat(r.lines()).filteredOn(l -> l.origin() == Origin.SURVIVOR).extracting(KernelFenceLine::text)
                .hasSize(8).first().asString().startsWith("o2hb: receive negotiate timeout message from node 1");
    }

    /**
     * A survivor's log holds the node's earlier departures as well: here node1 left cleanly (its o2net connection
     * dropped, as an unmount or maintenance drops it) and came back before the stall. Only the lines after its last
     * connection are this fence's. (The earlier lines are forensics.md §2.5's node0 lines, moved before the run.)
     */
    @Test
    void aSurvivorsLinesAboutAnEarlierDepartureOfTheNodeAreNotThisFences() throws IOException {
        List<KernelRecord> earlier = java.util.stream.Stream.of(
                "[   20.002679] o2net: No longer connected to node node1 (num 1) at 169.254.77.2:7777",
                "[   21.005414] o2cb: o2dlm has evicted node 1 from domain C061B34454134E60AF6ED4C63906A078",
                "[   30.352376] o2net: Accepted connection from node node1 (num 1) at 169.254.77.2:7777")
                .map(KernelRecord::parse).toList();
        List<KernelRecord> log = new java.util.ArrayList<>(earlier);
        log.addAll(survivor().records());
        Source survivor = new Source(Origin.SURVIVOR, "node0", null, ARRIVED.plusSeconds(4), log);

        KernelFenceRecord r = KernelFenceAssembly.assemble("probecl", "node1", 1, List.of(netconsole(), survivor))
                .orElseThrow();

        assertThat(r.lines()).filteredOn(l -> l.origin() == Origin.SURVIVOR).extracting(KernelFenceLine::uptimeUs)
                .hasSize(8).allSatisfy(us -> assertThat(us).isGreaterThan(30_352_376L));
        assertThat(r.evictionMs()).as("66.260621 → 70.868772, not from 20.0").containsExactly("node0=4608");
        assertThat(KernelFenceAssembly.sinceLastConnection(earlier, 2)).as("no connection with node 2: all")
                .isEqualTo(earlier);
    }

    @Test
    void ramoopsAfterTheRebootAddsNothingTwiceAndAloneStillNamesTheFence() throws IOException {
        Source ramoops = new Source(Origin.RAMOOPS, "node1", null, null,
                lines("/io/o2pool/agent/stack/kernel/ramoops-reset.log", false));

        KernelFenceRecord both = KernelFenceAssembly.assemble("probecl", "node1", 1,
                List.of(netconsole(), ramoops, survivor())).orElseThrow();
        assertThat(both.lines()).filteredOn(l -> l.origin() != Origin.SURVIVOR).hasSize(4);

        KernelFenceRecord alone = KernelFenceAssembly.assemble("probecl", "node1", 1, List.of(ramoops, survivor()))
                .orElseThrow();
        assertThat(alone.method()).isEqualTo("reset");
        assertThat(alone.rule()).as("the capture holds only the last line").isEqualTo("UNKNOWN");
        assertThat(alone.fencedNodeSource()).isEqualTo("ramoops");
        assertThat(alone.lines().getFirst().level()).isEqualTo(3);
        assertThat(alone.time()).as("no netconsole: the eviction's arrival").isEqualTo(ARRIVED.plusSeconds(4));
    }

    /**
     * SCENARIO fence (e2e/kvm) sometimes loses the fenced guest's last burst — write timeout, stop, fence line, all
     * within a millisecond of the reset — while its {@code hb write hung} line, 6 s earlier, arrived. With the
     * survivors' eviction the rule is inferred, and the record says so.
     */
    @Test
    void aLostLastBurstAfterAHungWriteIsAnInferredWriteTimeout() throws IOException {
        Source hungOnly = new Source(Origin.NETCONSOLE, "node1", "node0", ARRIVED,
                netconsole().records().subList(0, 1));

        KernelFenceRecord r = KernelFenceAssembly.assemble("probecl", "node1", 1, List.of(hungOnly, survivor()))
                .orElseThrow();

        assertThat(r.rule()).isEqualTo("WRITE_TIMEOUT");
        assertThat(r.message()).startsWith("inferred: no rule line of node1 arrived").contains("hb write hung for 6s");
        assertThat(r.writeTimeoutMs()).as("no line gave it").isNull();
        assertThat(r.method()).isNull();
        assertThat(r.fencedNodeSource()).isEqualTo("netconsole via node0");

        KernelFenceRecord alone = KernelFenceAssembly.assemble("probecl", "node1", 1, List.of(hungOnly))
                .orElseThrow();
        assertThat(alone.rule()).as("no eviction seen: nothing to infer from").isEqualTo("UNKNOWN");
    }

    @Test
    void survivorsOnlySayWhatIsMissing() throws IOException {
        KernelFenceRecord r = KernelFenceAssembly.assemble("probecl", "node1", 1, List.of(survivor())).orElseThrow();
        assertThat(r.rule()).isEqualTo("UNKNOWN");
        assertThat(r.message()).contains("no line of node1 was received");
        assertThat(r.fencedNodeSource()).isEqualTo("none received");
        assertThat(r.peersSeen()).containsExactly("node0");
        assertThat(KernelFenceAssembly.assemble("probecl", "node2", 2, List.of(survivor()))).as("another node")
                .isEmpty();
    }

    @Test
    void aQuorumFenceTakesTheRuleAndCountsFromTheQuorumLine() {
        // quorum.c's format (not captured in forensics.md: no run fenced for quorum)
        Source fenced = new Source(Origin.NETCONSOLE, "node2", "node0", ARRIVED, List.of(
                KernelRecord.parse("[   80.100000] (kworker/0:1,17,0):o2quo_make_decision:166 ERROR: fencing this node"
                        + " because it is only connected to 1 nodes and 2 is needed to make a quorum out of 3"
                        + " heartbeating nodes"),
                KernelRecord.parse("[   80.100400] *** ocfs2 is very sorry to be fencing this system by restarting ***")));

        KernelFenceRecord r = KernelFenceAssembly.assemble("probecl", "node2", 2, List.of(fenced)).orElseThrow();

        assertThat(r.rule()).isEqualTo("QUORUM_MINORITY");
        assertThat(r.heartbeating()).isEqualTo(3);
        assertThat(r.connected()).isEqualTo(1);
        assertThat(r.writeTimeoutMs()).isNull();
        assertThat(r.warningBeforeFenceMs()).isNull();
    }
}
