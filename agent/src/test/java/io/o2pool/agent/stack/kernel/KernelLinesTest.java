package io.o2pool.agent.stack.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.stack.kernel.O2cbLine.DlmDomainMembers;
import io.o2pool.agent.stack.kernel.O2cbLine.FenceSelf;
import io.o2pool.agent.stack.kernel.O2cbLine.HbMonitorPing;
import io.o2pool.agent.stack.kernel.O2cbLine.HbStopAllRegions;
import io.o2pool.agent.stack.kernel.O2cbLine.HbWriteHung;
import io.o2pool.agent.stack.kernel.O2cbLine.HbWriteTimeout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every parser of kernel lines on lines captured from the real kernel (Debian 12, 6.1.0-57; the files beside this test
 * are copied from kvm-ocfs2/forensics.md).
 */
class KernelLinesTest {
    private static final String REGION_A = "0EC72282980B4D699896E473E6AF7D9B";

    static List<String> lines(String file) throws IOException {
        try (InputStream in = KernelLinesTest.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** A netconsole listener's line without the receiver's arrival uptime in front. */
    static String received(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    static List<O2cbLine> messages(List<String> raw) {
        return KernelLog.assemble(raw.stream().map(KernelRecord::parse).toList()).stream()
                .map(KernelRecord::message).flatMap(Optional::stream).toList();
    }

    @Test
    void theStalledNodesSerialConsoleFromTheWarningToTheReset() throws IOException {
        List<String> raw = lines("stalled-node-serial.log");
        KernelRecord first = KernelRecord.parse(raw.get(0));
        assertThat(first.source()).isEqualTo(KernelRecord.Source.DMESG);
        assertThat(first.uptimeUs()).isEqualTo(54_465_302L);
        assertThat(first.level()).isNull();
        KernelRecord monitor = KernelRecord.parse(raw.get(1));
        assertThat(monitor.source()).as("o2hbmonitor writes through syslog's LOG_CONS: no timestamp")
                .isEqualTo(KernelRecord.Source.PLAIN);
        assertThat(messages(raw)).containsExactly(
                new HbWriteHung(1, 6, REGION_A, "vda", 0),
                new HbMonitorPing(6536, "vda", REGION_A),
                new HbMonitorPing(8584, "vda", REGION_A),
                new HbMonitorPing(10632, "vda", REGION_A),
                new HbWriteTimeout("vda", 12_144),
                new HbStopAllRegions(),
                new FenceSelf("reset"));
        assertThat(messages(raw)).extracting(O2cbLine::role).containsExactly(O2cbLine.Role.WARNING,
                O2cbLine.Role.WARNING, O2cbLine.Role.WARNING, O2cbLine.Role.WARNING, O2cbLine.Role.FENCE,
                O2cbLine.Role.FENCE, O2cbLine.Role.FENCE);
    }

    @Test
    void theLowestNodesOwnHangHasNoNegotiationPartner() {
        assertThat(O2cbLines.parse("o2hb: node 0 hb write hung for 6s on region 60E218C1B31E4AC2952958C57C37A4C3 "
                + "(dm-0).")).contains(new HbWriteHung(0, 6, "60E218C1B31E4AC2952958C57C37A4C3", "dm-0", null));
    }

    @Test
    void aSurvivorsEvictionFromTheNegotiationToTheJournalReplay() throws IOException {
        assertThat(messages(lines("survivor-dmesg.log"))).containsExactly(
                new O2cbLine.NegoTimeoutReceived(1, REGION_A, "vda"),
                new O2cbLine.NetIdle("node1", 1, "169.254.77.2:7777", 5114),
                new O2cbLine.NetIdle("node1", 1, "169.254.77.2:7777", 5116),
                new O2cbLine.NetDisconnected("node1", 1, "169.254.77.2:7777"),
                new O2cbLine.DlmEvicted(1, REGION_A),
                new O2cbLine.DlmBeginRecovery(REGION_A, 1),
                new O2cbLine.DlmRecoveryMaster(0, true, 1, REGION_A),
                new O2cbLine.DlmEndRecovery(REGION_A),
                new O2cbLine.JournalReplay(true, 1, 1, 254, 0),
                new O2cbLine.JournalReplay(false, 1, 1, 254, 0));
        assertThat(O2cbLines.parse("o2dlm: Node 0 (he) is the Recovery Master for the dead node 1 in domain "
                + REGION_A)).contains(new O2cbLine.DlmRecoveryMaster(0, false, 1, REGION_A));
    }

    @Test
    void o2netDurationsAreSecondsAndAnUnpaddedRemainderInMilliseconds() throws IOException {
        List<O2cbLine> m = messages(lines("pause-lines.log"));
        assertThat(m.get(0)).as("5.98 secs is 5098 ms, not 5980")
                .isEqualTo(new O2cbLine.NetIdle("node1", 1, "169.254.77.2:7777", 5098));
        assertThat(m.get(1)).isEqualTo(new O2cbLine.NetIdle("node1", 1, "169.254.77.2:7777", 5113));
        assertThat(m.get(2)).as("5.3 secs is 5003 ms").isEqualTo(new O2cbLine.NetIdle("node0", 0,
                "169.254.77.1:7777", 5003));
        assertThat(m.get(5)).as("5.0 seconds").isEqualTo(new O2cbLine.NetNoConnection(0, 5000));
        assertThat(O2cbLines.o2netMs("5", "117")).isEqualTo(5117);
    }

    @Test
    void reconnectionQuorumAndFaultsAfterAPause() throws IOException {
        assertThat(messages(lines("pause-lines.log")).subList(3, 12)).containsExactly(
                new O2cbLine.NetShutdown("node0", 0, "169.254.77.1:7777", 8),
                new O2cbLine.NetSendFailed(24, "node0", 0, "169.254.77.1:7777", 32),
                new O2cbLine.NetNoConnection(0, 5000),
                new O2cbLine.NetConnected("node0", 0, "169.254.77.1:7777", false),
                new O2cbLine.NetConnected("node1", 1, "169.254.77.2:7777", true),
                new O2cbLine.DlmWaitingRecovery(0, "FF44694CFADD43619BA63A77408A7E8E"),
                new O2cbLine.QuorumDecision(false, null, 2, 1, null, 0, true),
                new O2cbLine.KernelBug("fs/ocfs2/dlm/dlmast.c", 328),
                new O2cbLine.TaskBlocked("dlm-FF44694CFAD", 208, 120));
    }

    @Test
    void quorumFenceLinesAsQuorumCPrintsThem() {
        assertThat(O2cbLines.parse("(kworker/0:1,17,0):o2quo_make_decision:180 ERROR: fencing this node because it is"
                + " only connected to 1 nodes and 2 is needed to make a quorum out of 3 heartbeating nodes"))
                .contains(new O2cbLine.QuorumDecision(true, "QUORUM_MINORITY", 3, 1, 2, null, null));
        assertThat(O2cbLines.parse("(kworker/0:1,17,0):o2quo_make_decision:167 ERROR: fencing this node because it is"
                + " connected to a half-quorum of 1 out of 2 nodes which doesn't include the lowest active node 0"))
                .contains(new O2cbLine.QuorumDecision(true, "QUORUM_HALF_WITHOUT_LOWEST", 2, 1, 1, 0, false));
        assertThat(O2cbLines.parse("not fencing this node, heartbeating: 2, connected: 1, lowest: 0 (unreachable)"))
                .hasValueSatisfying(q -> assertThat(((O2cbLine.QuorumDecision) q).lowestReachable()).isFalse());
    }

    @Test
    void plainNetconsoleAsReceivedByAPeer() throws IOException {
        List<String> raw = lines("netconsole-plain.log").stream().map(KernelLinesTest::received).toList();
        assertThat(KernelRecord.parse(raw.get(1)).uptimeUs()).isEqualTo(62_144_191L);
        assertThat(messages(raw)).containsExactly(
                new HbWriteHung(1, 6, "60E218C1B31E4AC2952958C57C37A4C3", "dm-0", 0),
                new HbWriteTimeout("dm-0", 12_012), new HbStopAllRegions(), new FenceSelf("reset"));
    }

    @Test
    void extendedNetconsoleCarriesLevelSequenceAndMicroseconds() throws IOException {
        List<KernelRecord> records = lines("netconsole-extended.log").stream().map(KernelLinesTest::received)
                .map(KernelRecord::parse).toList();
        KernelRecord hung = records.get(0);
        assertThat(hung.source()).isEqualTo(KernelRecord.Source.NETCONSOLE_EXTENDED);
        assertThat(hung.level()).as("KERN_NOTICE").isEqualTo(5);
        assertThat(hung.sequence()).isEqualTo(432);
        assertThat(hung.uptimeUs()).isEqualTo(50_919_628L);
        assertThat(hung.userspace()).isFalse();
        assertThat(records.get(1).level()).as("ML_ERROR is KERN_ERR").isEqualTo(3);
        assertThat(records.get(3).level()).as("the panic is KERN_EMERG").isZero();
        assertThat(records.stream().map(KernelRecord::message).flatMap(Optional::stream).toList()).containsExactly(
                new HbWriteHung(1, 6, "6E62578890DB49B38A1EDC5CEE080FD6", "dm-0", 0),
                new HbWriteTimeout("dm-0", 12_128), new HbStopAllRegions(), new FenceSelf("panic"));
        assertThat(KernelRecord.parse("12,500,60000000,-;FX-MARK stall").userspace())
                .as("level 12 = facility 1 (user), a write to /dev/kmsg").isTrue();
        assertThat(KernelRecord.parse("12,500,60000000,-;FX-MARK stall").level()).isEqualTo(4);
    }

    @Test
    void aRamoopsRecordOfThePreviousBootKeepsItsLevel() throws IOException {
        KernelRecord r = KernelRecord.parse(lines("ramoops-reset.log").get(0));
        assertThat(r.source()).isEqualTo(KernelRecord.Source.RAMOOPS);
        assertThat(r.level()).isEqualTo(3);
        assertThat(r.uptimeUs()).isEqualTo(62_145_210L);
        assertThat(r.message()).contains(new FenceSelf("reset"));
    }

    @Test
    void theDlmJoinLineArrivesInPiecesAndIsJoinedIntoOne() throws IOException {
        List<KernelRecord> joined = KernelLog.assemble(lines("dlm-join-pieces.log").stream()
                .map(KernelRecord::parse).toList());
        assertThat(joined).hasSize(2);
        assertThat(joined.get(0).text()).isEqualTo("o2dlm: Joining domain 36B2BB30DF4540F9BB3C66A7B54C2F37 ( 0 1 ) 2 nodes");
        assertThat(joined.get(0).uptimeUs()).as("the head's timestamp").isEqualTo(30_101_010L);
        assertThat(joined.get(0).message()).contains(new DlmDomainMembers(DlmDomainMembers.Change.JOINING, null,
                "36B2BB30DF4540F9BB3C66A7B54C2F37", List.of(0, 1)));
        assertThat(joined.get(1).message()).contains(new O2cbLine.JournalReplay(true, 1, 1, 253, 0));
        assertThat(O2cbLines.parse("o2dlm: Node 1 joins domain 36B2BB30DF4540F9BB3C66A7B54C2F37 ( 0 1 ) 2 nodes"))
                .contains(new DlmDomainMembers(DlmDomainMembers.Change.JOINS, 1, "36B2BB30DF4540F9BB3C66A7B54C2F37",
                        List.of(0, 1)));
        assertThat(KernelLog.assemble(List.of(KernelRecord.parse("o2dlm: Node 1 leaves domain X "),
                KernelRecord.parse("( "), KernelRecord.parse("0 "), KernelRecord.parse(") 1 nodes"))).get(0).message())
                .contains(new DlmDomainMembers(DlmDomainMembers.Change.LEAVES, 1, "X", List.of(0)));
    }

    @Test
    void linesThatAreNotO2cbMessagesAreNone() throws IOException {
        assertThat(O2cbLines.parse("CPU: 0 PID: 48 Comm: kworker/0:2 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.192-3"))
                .isEmpty();
        assertThat(O2cbLines.parse("(o2hb-F61ECEDBD0,219,0):o2hb_arm_timeout:340 Queue write timeout for 12000 ms"))
                .isEmpty();
        assertThat(O2cbLines.withoutMlogPrefix("(kworker/0:2,48,0):o2hb_write_timeout:301 ERROR: Heartbeat"))
                .isEqualTo("Heartbeat");
    }
}
