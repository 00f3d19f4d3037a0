package io.o2pool.agent.stack.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of one kernel record as an o2cb message ({@link O2cbLine}), or nothing. The {@code mlog} prefix
 * {@code (<comm>,<pid>,<cpu>):<function>:<line> } and its {@code ERROR: } are taken off first; function names and line
 * numbers are specific to a build and never matched. Two traps of the kernel's formats are handled: o2net prints
 * durations as {@code msecs / 1000, msecs % 1000} with {@code %lu.%lu}, unpadded, so {@code 5.98 secs} is 5098 ms and
 * {@code 5.3 secs} 5003 ms; and the o2dlm domain lines come in pieces (see {@link KernelLog#assemble}). Pure.
 */
public final class O2cbLines {
    private static final Pattern MLOG = Pattern.compile("^\\([^,()]*(?:\\([^)]*\\))?[^,()]*,\\d+,\\d+\\):\\w+:\\d+ (?:ERROR: )?");
    private static final String NODE = "node (\\S+) \\(num (\\d+)\\) at (\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+)";
    private static final List<Rule> RULES = new ArrayList<>();

    private record Rule(Pattern pattern, Function<Matcher, O2cbLine> make) {
    }

    private static void rule(String regex, Function<Matcher, O2cbLine> make) {
        RULES.add(new Rule(Pattern.compile("^" + regex + "$"), make));
    }

    static {
        rule("o2hb: node (\\d+) hb write hung for (\\d+)s on region (\\S+) \\((\\S+)\\), negotiate timeout with node "
                + "(\\d+)\\.", m -> new O2cbLine.HbWriteHung(i(m, 1), i(m, 2), m.group(3), m.group(4), i(m, 5)));
        rule("o2hb: node (\\d+) hb write hung for (\\d+)s on region (\\S+) \\((\\S+)\\)\\.",
                m -> new O2cbLine.HbWriteHung(i(m, 1), i(m, 2), m.group(3), m.group(4), null));
        rule("o2hb: receive negotiate timeout message from node (\\d+) on region (\\S+) \\((\\S+)\\)\\.",
                m -> new O2cbLine.NegoTimeoutReceived(i(m, 1), m.group(2), m.group(3)));
        rule("o2hb: all nodes hb write hung, maybe region (\\S+) \\((\\S+)\\) is down\\.",
                m -> new O2cbLine.NegoApproved(true, m.group(1), m.group(2)));
        rule("o2hb: negotiate timeout approved by master node on region (\\S+) \\((\\S+)\\)\\.",
                m -> new O2cbLine.NegoApproved(false, m.group(1), m.group(2)));
        rule("o2hbmonitor: Last ping (\\d+) msecs ago on /dev/(\\S+), (\\S+)",
                m -> new O2cbLine.HbMonitorPing(l(m, 1), m.group(2), m.group(3)));
        rule("Heartbeat write timeout to device (\\S+) after (\\d+) milliseconds",
                m -> new O2cbLine.HbWriteTimeout(m.group(1), l(m, 2)));
        rule("stopping heartbeat on all active regions\\.", m -> new O2cbLine.HbStopAllRegions());
        rule("\\*\\*\\* ocfs2 is very sorry to be fencing this system by restarting \\*\\*\\*",
                m -> new O2cbLine.FenceSelf("reset"));
        rule("Kernel panic - not syncing: \\*\\*\\* ocfs2 is very sorry to be fencing this system by panicing \\*\\*\\*",
                m -> new O2cbLine.FenceSelf("panic"));
        rule("not fencing this node, heartbeating: (\\d+), connected: (\\d+), lowest: (\\d+) \\((un)?reachable\\)",
                m -> new O2cbLine.QuorumDecision(false, null, i(m, 1), i(m, 2), null, i(m, 3), m.group(4) == null));
        rule("fencing this node because it is only connected to (\\d+) nodes and (\\d+) is needed to make a quorum "
                + "out of (\\d+) heartbeating nodes", m -> new O2cbLine.QuorumDecision(true, "QUORUM_MINORITY",
                        i(m, 3), i(m, 1), i(m, 2), null, null));
        rule("fencing this node because it is connected to a half-quorum of (\\d+) out of (\\d+) nodes which doesn't "
                + "include the lowest active node (\\d+)", m -> new O2cbLine.QuorumDecision(true,
                        "QUORUM_HALF_WITHOUT_LOWEST", i(m, 2), i(m, 1), i(m, 1), i(m, 3), false));
        rule("o2net: Connection to " + NODE + " has been idle for (\\d+)\\.(\\d+) secs\\.",
                m -> new O2cbLine.NetIdle(m.group(1), i(m, 2), m.group(3), o2netMs(m.group(4), m.group(5))));
        rule("o2net: No longer connected to " + NODE,
                m -> new O2cbLine.NetDisconnected(m.group(1), i(m, 2), m.group(3)));
        rule("o2net: Connection to " + NODE + " shutdown, state (\\d+)",
                m -> new O2cbLine.NetShutdown(m.group(1), i(m, 2), m.group(3), i(m, 4)));
        rule("o2net: No connection established with node (\\d+) after (\\d+)\\.(\\d+) seconds, check network and "
                + "cluster configuration\\.", m -> new O2cbLine.NetNoConnection(i(m, 1), o2netMs(m.group(2),
                        m.group(3))));
        rule("o2net: Connected to " + NODE, m -> new O2cbLine.NetConnected(m.group(1), i(m, 2), m.group(3), false));
        rule("o2net: Accepted connection from " + NODE,
                m -> new O2cbLine.NetConnected(m.group(1), i(m, 2), m.group(3), true));
        rule("sendpage of size (\\d+) to " + NODE + " failed with -(\\d+)",
                m -> new O2cbLine.NetSendFailed(i(m, 1), m.group(2), i(m, 3), m.group(4), i(m, 5)));
        rule("o2cb: o2dlm has evicted node (\\d+) from domain (\\S+)",
                m -> new O2cbLine.DlmEvicted(i(m, 1), m.group(2)));
        rule("o2dlm: Waiting on the recovery of node (\\d+) in domain (\\S+)",
                m -> new O2cbLine.DlmWaitingRecovery(i(m, 1), m.group(2)));
        rule("o2dlm: Begin recovery on domain (\\S+) for node (\\d+)",
                m -> new O2cbLine.DlmBeginRecovery(m.group(1), i(m, 2)));
        rule("o2dlm: Node (\\d+) \\((me|he)\\) is the Recovery Master for the dead node (\\d+) in domain (\\S+)",
                m -> new O2cbLine.DlmRecoveryMaster(i(m, 1), m.group(2).equals("me"), i(m, 3), m.group(4)));
        rule("o2dlm: End recovery on domain (\\S+)", m -> new O2cbLine.DlmEndRecovery(m.group(1)));
        rule("ocfs2: (Begin|End) replay journal \\(node (\\d+), slot (\\d+)\\) on device \\((\\d+),(\\d+)\\)",
                m -> new O2cbLine.JournalReplay(m.group(1).equals("Begin"), i(m, 2), i(m, 3), i(m, 4), i(m, 5)));
        rule("o2dlm: Joining domain (\\S+) \\( ((?:\\d+ )*)\\) (\\d+) nodes", m -> new O2cbLine.DlmDomainMembers(
                O2cbLine.DlmDomainMembers.Change.JOINING, null, m.group(1), nodes(m.group(2))));
        rule("o2dlm: Node (\\d+) (joins|leaves) domain (\\S+) \\( ((?:\\d+ )*)\\) (\\d+) nodes",
                m -> new O2cbLine.DlmDomainMembers(m.group(2).equals("joins") ? O2cbLine.DlmDomainMembers.Change.JOINS
                        : O2cbLine.DlmDomainMembers.Change.LEAVES, i(m, 1), m.group(3), nodes(m.group(4))));
        rule("kernel BUG at (\\S+):(\\d+)!", m -> new O2cbLine.KernelBug(m.group(1), i(m, 2)));
        rule("INFO: task (.+):(\\d+) blocked for more than (\\d+) seconds\\.",
                m -> new O2cbLine.TaskBlocked(m.group(1), i(m, 2), i(m, 3)));
    }

    private O2cbLines() {
    }

    /** The message in {@code text} (a record's text, framing already off), or empty when it is none of ours. */
    public static Optional<O2cbLine> parse(String text) {
        String body = withoutMlogPrefix(text.strip());
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(body);
            if (m.matches()) {
                return Optional.of(r.make().apply(m));
            }
        }
        return Optional.empty();
    }

    /** {@code text} without {@code (<comm>,<pid>,<cpu>):<function>:<line> } and {@code ERROR: }. */
    static String withoutMlogPrefix(String text) {
        Matcher m = MLOG.matcher(text);
        return m.find() ? text.substring(m.end()) : text;
    }

    /**
     * An o2net duration printed as {@code "%lu.%lu"} of {@code msecs / 1000, msecs % 1000}: the part after the dot is
     * the remainder in milliseconds, not a decimal fraction ({@code 5.98} = 5098 ms, {@code 5.3} = 5003 ms).
     */
    static long o2netMs(String seconds, String remainderMs) {
        return Long.parseLong(seconds) * 1000 + Long.parseLong(remainderMs);
    }

    private static List<Integer> nodes(String list) {
        return list.isBlank() ? List.of() : java.util.Arrays.stream(list.trim().split(" ")).map(Integer::valueOf).toList();
    }

    private static int i(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static long l(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }
}
