package io.o2pool.e2e.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.run.ClusterRunner;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfWriter;
import io.o2pool.ocfs2.conf.HeartbeatMode;
import io.o2pool.ocfs2.conf.Node;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;

/**
 * <b>SCENARIO partitions</b> (issue 18): the kernel as oracle for o2pool's quorum. Three guests share one disk; for
 * each partition shape the network between the two sides is cut inside the guests (nft drops TCP to and from the
 * other side's cluster addresses on the o2net port; the disk heartbeat goes on, so each node's o2quo decides who
 * fences), once with three kernel nodes and once with one of them replaced by an o2pool userspace node
 * ({@link UserspaceNode}, same name, number and address). Each node's fate is read from the node itself: a kernel
 * node fences with {@code *** ocfs2 is very sorry to be fencing this system by restarting ***} (its QEMU then exits:
 * {@code -no-reboot}) and a surviving one logs {@code not fencing this node}; the o2pool node reports {@code fenced}
 * and exits {@value ClusterRunner#EXIT_FENCED}, or logs {@code not fencing this node}. The sets of fenced nodes must
 * be the kernel's rule's and equal in both clusters.
 *
 * <p>The rule ({@code quorum.c: o2quo_make_decision}; o2pool's {@code QuorumDecision}): once o2net has given up on a
 * connection (idle timeout, 5 s) and the peer still heartbeats after {@code O2NET_QUORUM_DELAY_MS} = (threshold + 2) ×
 * 2 s = 18 s, a node decides: with hb nodes heartbeating (itself included) and conn connected (itself included),
 * hb odd: fence if conn &lt; (hb + 1) / 2; hb even: fence if conn &lt; hb / 2, or conn = hb / 2 and the lowest
 * heartbeating node is not among the connected. Here hb = 3 in every shape (the disk is shared), so the side of one
 * node fences, whichever node it is: the lowest node matters only in an even split.
 *
 * <p>Cluster {@value #CLUSTER}: node0 = 0, node1 = 1, node2 = 2 (guest index = node number, addresses
 * {@code 10.77.0.1x}), heartbeat local on {@value #DISK}, o2cb timeouts 7 / 5000 / 1000 / 2000. A kernel node starts
 * the heartbeat with {@code ocfs2_hb_ctl -S}, as mount.ocfs2 does, but mounts nothing: o2net and o2quo follow any
 * heartbeat region (nodemanager registers their callbacks at module load), and without a mount there is no DLM
 * recovery or journal replay to wait for. Before each run every node's stack is taken down (rules deleted, the o2pool
 * node stopped, heartbeat stopped, {@code o2cb offline}) and a fenced guest is booted again, so each run starts from a
 * cluster whose three nodes see each other live and connected.
 */
final class PartitionScenario {
    static final String CLUSTER = "part";
    static final int THRESHOLD = 7;
    static final int IDLE_MS = 5000;
    static final int KEEPALIVE_MS = 1000;
    static final int RECONNECT_MS = 2000;
    static final int PORT = 7777;
    static final String DISK = "/dev/vda";
    static final int NODES = 3;
    /** In a run: no o2pool node, three kernel nodes. */
    static final int KERNEL_ONLY = -1;
    private static final String USER_DIR = "/run/part";
    private static final String NFT_TABLE = "inet o2part";
    /** The kernel's fence line (the console keeps it: KERN_ERR passes {@code quiet}). */
    private static final String KERNEL_FENCE = "ocfs2 is very sorry to be fencing this system";
    private static final String FENCING = "fencing this node because";
    private static final String NOT_FENCING = "not fencing this node";
    /** A JVM under TCG, beside two other guests on a 2-core host: generous. */
    /** How often the scenario looks again. */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READY_LIMIT = Duration.ofMinutes(4);
    /** Idle timeout (5 s) + quorum delay (18 s) + margin. */
    private static final Duration VERDICT_LIMIT = Duration.ofSeconds(75);
    /** From the fence, the survivors' dead threshold: (threshold + 1) × 2 s + margin. */
    private static final Duration EVICT_LIMIT = Duration.ofSeconds(45);

    /**
     * A partition of nodes 0, 1 and 2 into two sides, the node the mixed run gives to o2pool, and what the kernel's
     * rule says: which nodes fence, and why.
     */
    record Shape(Set<Integer> left, Set<Integer> right, int userNode, Set<Integer> expectedFenced, String rule) {
        Shape {
            left = new TreeSet<>(left);
            right = new TreeSet<>(right);
            expectedFenced = new TreeSet<>(expectedFenced);
        }

        String label() {
            return set(left) + "|" + set(right);
        }

        /** The nodes on the other side from {@code node}. */
        Set<Integer> across(int node) {
            return left.contains(node) ? right : left;
        }
    }

    /** The three shapes of issue 18; with three heartbeating nodes the lone node fences (hb 3, odd: quorum 2). */
    static final List<Shape> SHAPES = List.of(
            new Shape(Set.of(0, 1), Set.of(2), 2, Set.of(2), "hb 3 (odd), quorum 2: node 2 is connected to itself only"
                    + " (1 < 2) and fences; 0 and 1 are connected to 2 nodes"),
            new Shape(Set.of(0), Set.of(1, 2), 1, Set.of(0), "hb 3 (odd), quorum 2: node 0, the lowest, is alone"
                    + " (1 < 2) and fences (the lowest node decides only an even split); 1 and 2 are connected to"
                    + " 2 nodes"),
            new Shape(Set.of(0, 2), Set.of(1), 0, Set.of(1), "hb 3 (odd), quorum 2: node 1 is alone (1 < 2) and fences;"
                    + " 0 and 2 are connected to 2 nodes"));

    /** What a node did after the cut. */
    enum Fate {
        /** It fenced itself (kernel: the fence line and a reset; o2pool: the fenced event and exit 3). */
        FENCED,
        /** It decided not to fence ({@code not fencing this node}) and still runs. */
        SURVIVED,
        /** Neither within {@link #VERDICT_LIMIT}, or it ended without the fence line: the test fails. */
        UNDECIDED
    }

    /** One node's fate in a run, seconds after the cut, and the line that shows it. */
    record Verdict(int node, boolean userspace, Fate fate, double seconds, String evidence) {
        String describe() {
            return String.format(Locale.ROOT, "node%d (%s) %s after %.1f s: %s", node, userspace ? "o2pool" : "kernel",
                    fate, seconds, evidence);
        }
    }

    /** One run: a shape cut in a cluster of three kernel nodes ({@code userNode} = {@link #KERNEL_ONLY}) or mixed. */
    record RunResult(Shape shape, int userNode, List<Verdict> verdicts, double readySeconds, double evictSeconds,
            String userExit) {
        Set<Integer> fenced() {
            return verdicts.stream().filter(v -> v.fate() == Fate.FENCED).map(Verdict::node)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        boolean decided() {
            return verdicts.stream().noneMatch(v -> v.fate() == Fate.UNDECIDED);
        }

        /** Seconds from the cut until the last node decided. */
        double decidedSeconds() {
            return verdicts.stream().mapToDouble(Verdict::seconds).max().orElse(0);
        }

        String label() {
            return userNode == KERNEL_ONLY ? "kernel-only" : "mixed (o2pool node " + userNode + ")";
        }
    }

    /** A shape's two runs. */
    record Row(Shape shape, RunResult kernel, RunResult mixed) {
        boolean same() {
            return kernel.decided() && mixed.decided() && kernel.fenced().equals(mixed.fenced());
        }
    }

    private final KvmHarness kvm;
    private final Timings timings;
    /** node number → its guest; a fenced guest is replaced by its next boot. */
    private final Guest[] guests;
    private final List<Row> rows = new ArrayList<>();
    private UserspaceNode user;
    private int runs;
    /** Writes cluster.conf and /etc/default/o2cb (the guest's root is in RAM: a restarted guest needs them again). */
    private String configScript;

    PartitionScenario(KvmHarness kvm, List<Guest> guests) {
        if (guests.size() != NODES) {
            throw new IllegalArgumentException("three guests, node0..node2");
        }
        this.kvm = kvm;
        this.timings = kvm.timings();
        this.guests = guests.toArray(Guest[]::new);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The guests as they are now (restarted ones included). */
    List<Guest> guests() {
        return List.of(guests);
    }

    /** Every shape, kernel-only then mixed; the caller prints {@link #table()} and asserts on {@link #rows()}. */
    void run() {
        timings.time("partition: mkfs of the shared disk", this::setUp);
        for (Shape s : SHAPES) {
            RunResult kernel = timings.time("partition " + s.label() + ": kernel-only run",
                    () -> runOnce(s, KERNEL_ONLY, true));
            boolean more = s != SHAPES.getLast();
            RunResult mixed = timings.time("partition " + s.label() + ": mixed run (o2pool node " + s.userNode() + ")",
                    () -> runOnce(s, s.userNode(), more));
            rows.add(new Row(s, kernel, mixed));
        }
    }

    private void setUp() {
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            nodes.add(new Node(guests[n].name(), n, guests[n].clusterIp(), PORT));
        }
        String conf = ConfWriter.toText(new ClusterConf(List.of(new Cluster(CLUSTER, HeartbeatMode.LOCAL, NODES, nodes,
                List.of()))));
        String defaults = O2cbDefaultsWriter.render(O2cbDefaults.defaults().withEnabled(true).withBootCluster(CLUSTER)
                .withTimeouts(THRESHOLD, IDLE_MS, KEEPALIVE_MS, RECONNECT_MS));
        configScript = "mkdir -p /etc/ocfs2 " + USER_DIR + " && cat > /etc/ocfs2/cluster.conf <<'EOF'\n" + conf
                + "EOF\ncat > /etc/default/o2cb <<'EOF'\n" + defaults + "EOF\n";
        // the disk may hold another cluster's volume (the pool's, after ManagerScenariosKvmIT's scenarios): mkfs.ocfs2
        // -F still asks before it formats a volume of another cluster name, so its superblock goes first
        guests[0].execOk(configScript + "/etc/init.d/o2cb online " + CLUSTER + " && dd if=/dev/zero of=" + DISK
                + " bs=1M count=8 oflag=direct status=none && mkfs.ocfs2 -q -F -b 4K -C 4K -N 4 -L part"
                + " --cluster-stack=o2cb --cluster-name=" + CLUSTER + " " + DISK);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** One run; {@code more}: another run follows (a fenced kernel guest is booted again for it). */
    private RunResult runOnce(Shape shape, int userNode, boolean more) {
        String what = "partition " + shape.label() + " " + (userNode == KERNEL_ONLY ? "kernel-only"
                : "mixed (o2pool node " + userNode + ")");
        String marker = "o2pool-e2e-partition-run-" + (++runs);
        user = null;

        // --- 1. the three nodes up in their roles, live and connected everywhere ---
        long t0 = System.nanoTime();
        Parallel.run(() -> up(0, userNode, marker), () -> up(1, userNode, marker), () -> up(2, userNode, marker));
        // one node after the other each round, so that an o2pool node that exits fails the run at once
        boolean[] ready = new boolean[NODES];
        double readySeconds = Poll.secondsUntil(t0, READY_LIMIT, POLL, () -> {
            for (int n = 0; n < NODES; n++) {
                ready[n] = ready[n] || isReady(n, userNode);
            }
            return ready[0] && ready[1] && ready[2];
        }, () -> what + ": not every node live and connected with the two others: " + IntStream.range(0, NODES)
                .filter(n -> !ready[n]).mapToObj(n -> "node" + n + ": " + stateOf(n, userNode))
                .collect(Collectors.joining("\n")));
        timings.record(what + ": start -> all live and connected", Duration.ofMillis((long) (readySeconds * 1000)));

        // --- 2. the cut, inside every guest at once ---
        long cut = System.nanoTime();
        Parallel.run(() -> cut(0, shape), () -> cut(1, shape), () -> cut(2, shape));
        System.out.printf(Locale.ROOT, "[kvm] %s: o2net cut (nft in the 3 guests, %.1f s to apply): %s%n", what,
                (System.nanoTime() - cut) / 1e9, shape.label());

        // --- 3. each node's decision ---
        List<Supplier<Verdict>> polls = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            int node = n;
            polls.add(() -> node == userNode ? userVerdict(node, cut) : kernelVerdict(node, marker, cut));
        }
        List<Verdict> verdicts = Parallel.all(polls);
        verdicts.forEach(v -> System.out.println("[kvm] " + what + ": " + v.describe()));

        // --- 4. the survivors see the fenced nodes die on the disk, while fenced kernel guests boot again ---
        Set<Integer> fenced = verdicts.stream().filter(v -> v.fate() == Fate.FENCED).map(Verdict::node)
                .collect(Collectors.toCollection(TreeSet::new));
        List<Runnable> after = new ArrayList<>();
        double[] evicted = {Double.NaN};
        for (Verdict v : verdicts) {
            if (more && !v.userspace() && v.fate() != Fate.SURVIVED) {
                after.add(() -> guests[v.node()] = kvm.restart(guests[v.node()]));
            }
        }
        if (!fenced.isEmpty() && verdicts.stream().allMatch(v -> v.fate() != Fate.UNDECIDED)) {
            after.add(() -> evicted[0] = awaitEviction(what, verdicts, fenced, cut));
        }
        Parallel.run(after.toArray(Runnable[]::new));

        // --- 5. the survivors are still up, with no fence since the run began ---
        for (Verdict v : verdicts) {
            if (v.fate() == Fate.SURVIVED && !v.userspace()) {
                String late = guests[v.node()].execOk(kernelLog(marker) + " | grep -E '" + KERNEL_FENCE + "|"
                        + FENCING + "' | grep -v '" + NOT_FENCING + "' || true");
                if (!late.isBlank() || !guests[v.node()].running()) {
                    throw new AssertionError(what + ": node" + v.node() + " survived the decision, then fenced:\n"
                            + late);
                }
            }
        }
        String userExit = "";
        if (user != null) {
            boolean survived = verdicts.get(userNode).fate() == Fate.SURVIVED;
            userExit = survived ? user.stop() : user.exitCode();
            System.out.println("[kvm] " + what + ": o2pool node exit code " + userExit
                    + (survived ? " after SIGTERM (clean stop)" : ""));
            if (survived && !userExit.equals(Integer.toString(ClusterRunner.EXIT_STOPPED))) {
                throw new AssertionError(what + ": the surviving o2pool node's exit code after SIGTERM is '" + userExit
                        + "', not 0:\n" + user.tail());
            }
        }
        return new RunResult(shape, userNode, verdicts, readySeconds, evicted[0], userExit);
    }

    /** Takes node {@code n}'s stack down, then starts it as a kernel node or (n = userNode) as the o2pool node. */
    private void up(int n, int userNode, String marker) {
        Guest g = guests[n];
        // idempotent: a fresh guest has nothing of it; a survivor of the last run has all of it
        g.execOk(configScript + "nft delete table " + NFT_TABLE + " 2>/dev/null\n" + UserspaceNode.stopScript(USER_DIR)
                + "if [ -d /sys/kernel/config/cluster/" + CLUSTER + " ]; then ocfs2_hb_ctl -K -d " + DISK + " ocfs2;"
                + " /etc/init.d/o2cb offline " + CLUSTER + " > /dev/null; fi\n"
                + "if [ -n \"$(ls /sys/kernel/config/cluster 2>/dev/null)\" ]; then echo 'a cluster is still"
                + " registered:'; ls /sys/kernel/config/cluster; exit 1; fi\n"
                + "echo '" + marker + "' > /dev/kmsg");
        if (n == userNode) {
            user = UserspaceNode.start(g, USER_DIR, DISK, runs);
        } else {
            g.execOk("/etc/init.d/o2cb online " + CLUSTER + " > /dev/null && ocfs2_hb_ctl -S -d " + DISK + " ocfs2");
        }
    }

    /** Node {@code n} sees the three live and is connected to the two others. */
    private boolean isReady(int n, int userNode) {
        List<String> others = new ArrayList<>();
        for (int o = 0; o < NODES; o++) {
            if (o != n) {
                others.add(Integer.toString(o));
            }
        }
        if (n == userNode) {
            if (!user.exitCode().isEmpty()) {
                throw new AssertionError("the o2pool node exited:\n" + user.tail());
            }
            List<String> expected = new ArrayList<>();
            for (int o = 0; o < NODES; o++) {
                expected.add(guests[o].name() + " node-up");
                if (o != n) {
                    expected.add(guests[o].name() + " connected");
                }
            }
            return user.reported(expected);
        }
        // (both files end with a newline; an empty map is an empty line)
        String[] lines = guests[n].execOk("echo \"$(cat /sys/kernel/debug/o2hb/livenodes)\"; echo \"$(cat"
                + " /sys/kernel/debug/o2net/connected_nodes)\"").split("\n", -1);
        return lines.length >= 2 && words(lines[0]).equals(List.of("0", "1", "2")) && words(lines[1]).equals(others);
    }

    private String stateOf(int n, int userNode) {
        try {
            return n == userNode ? user.tail() : guests[n].execOk("echo \"livenodes: $(cat"
                    + " /sys/kernel/debug/o2hb/livenodes) connected: $(cat /sys/kernel/debug/o2net/connected_nodes)\";"
                    + " dmesg | grep -E 'o2|ocfs2' | tail -20");
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    private static List<String> words(String line) {
        return List.of(line.strip().split("\\s+")).stream().filter(w -> !w.isEmpty()).sorted().toList();
    }

    /** nft in node {@code n}'s guest: drop TCP to and from the other side's cluster addresses on the o2net port. */
    private void cut(int n, Shape shape) {
        String set = shape.across(n).stream().map(o -> guests[o].clusterIp()).collect(Collectors.joining(", "));
        guests[n].execOk("modprobe nf_tables && nft -f - <<'EOF'\n"
                + "table " + NFT_TABLE + " {\n"
                + "  chain in {\n    type filter hook input priority 0; policy accept;\n"
                + "    ip saddr { " + set + " } tcp dport " + PORT + " drop\n"
                + "    ip saddr { " + set + " } tcp sport " + PORT + " drop\n  }\n"
                + "  chain out {\n    type filter hook output priority 0; policy accept;\n"
                + "    ip daddr { " + set + " } tcp dport " + PORT + " drop\n"
                + "    ip daddr { " + set + " } tcp sport " + PORT + " drop\n  }\n}\nEOF\n");
    }

    /** A kernel node's decision: its fence (QEMU gone, the fence line on its console) or its "not fencing" line. */
    private Verdict kernelVerdict(int n, String marker, long cut) {
        Guest g = guests[n];
        while (true) {
            double t = (System.nanoTime() - cut) / 1e9;
            if (!g.running()) {
                String console = g.console();
                String fence = lineWith(console, KERNEL_FENCE);
                String why = lineWith(console, FENCING);
                if (fence == null) {
                    return new Verdict(n, false, Fate.UNDECIDED, t, "QEMU exited without the kernel's fence line;"
                            + " console tail:\n" + Poll.tail(console, 15));
                }
                return new Verdict(n, false, Fate.FENCED, t, (why == null ? "" : why + " / ") + fence);
            }
            String decisions = "";
            try {
                decisions = g.exec(kernelLog(marker) + " | grep -F '" + "fencing this node" + "' || true",
                        Duration.ofSeconds(20)).output();
            } catch (RuntimeException resetting) {
                // the guest is going down (its fence): the next round sees QEMU gone
            }
            String kept = lineWith(decisions, NOT_FENCING);
            if (kept != null) {
                return new Verdict(n, false, Fate.SURVIVED, t, kept);
            }
            if (t > VERDICT_LIMIT.toSeconds()) {
                return new Verdict(n, false, Fate.UNDECIDED, t, "no quorum decision within " + VERDICT_LIMIT.toSeconds()
                        + " s of the cut: " + stateOf(n, KERNEL_ONLY));
            }
            KvmHarness.sleep(1000);
        }
    }

    /** The o2pool node's decision: fenced (event, exit code 3) or its "not fencing" line. */
    private Verdict userVerdict(int n, long cut) {
        while (true) {
            double t = (System.nanoTime() - cut) / 1e9;
            String rc = user.exitCode();
            if (!rc.isEmpty()) {
                String reason = user.reason(guests[n].name(), "fenced");
                if (rc.equals(Integer.toString(ClusterRunner.EXIT_FENCED)) && reason != null) {
                    return new Verdict(n, true, Fate.FENCED, t, "fenced event: " + reason + " (exit " + rc + ")");
                }
                return new Verdict(n, true, Fate.UNDECIDED, t, "exited " + rc + " without fencing:\n" + user.tail());
            }
            String kept = lineWith(user.logLines(NOT_FENCING), NOT_FENCING);
            if (kept != null) {
                return new Verdict(n, true, Fate.SURVIVED, t, kept.substring(kept.indexOf(NOT_FENCING)));
            }
            if (t > VERDICT_LIMIT.toSeconds()) {
                return new Verdict(n, true, Fate.UNDECIDED, t, "no quorum decision within " + VERDICT_LIMIT.toSeconds()
                        + " s of the cut:\n" + user.tail());
            }
            KvmHarness.sleep(1000);
        }
    }

    /** Seconds from the cut until every survivor no longer sees a fenced node heartbeat. */
    private double awaitEviction(String what, List<Verdict> verdicts, Set<Integer> fenced, long cut) {
        List<Supplier<Double>> polls = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v.fate() != Fate.SURVIVED) {
                continue;
            }
            int n = v.node();
            polls.add(() -> Poll.secondsUntil(cut, VERDICT_LIMIT.plus(EVICT_LIMIT), POLL, () -> {
                if (v.userspace()) {
                    return user.reported(fenced.stream().map(f -> guests[f].name() + " node-down").toList());
                }
                return WireScenario.liveNodes(guests[n]).stream().noneMatch(fenced::contains);
            }, () -> what + ": node" + n + " still sees a fenced node " + fenced + " heartbeat: " + stateOf(n,
                    v.userspace() ? n : KERNEL_ONLY)));
        }
        double last = Parallel.all(polls).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "[kvm] %s: the survivors see %s dead on the disk %.1f s after the cut%n", what,
                set(fenced), last);
        return last;
    }

    private static String kernelLog(String marker) {
        return "dmesg | sed -n '/" + marker + "/,$p'";
    }

    private static String lineWith(String text, String needle) {
        for (String line : text.split("\n")) {
            if (line.contains(needle)) {
                return line.strip();
            }
        }
        return null;
    }

    static String set(Set<Integer> nodes) {
        return nodes.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The verdict on every shape: every node decided, kernel-only fenced the nodes quorum.c's rule names, and mixed
     * fenced the same nodes as kernel-only; prints {@code SCENARIO partitions: PASS} when so.
     */
    void assertTheKernelsRuleHeld() {
        assertThat(rows).hasSize(SHAPES.size());
        SoftAssertions soft = new SoftAssertions();
        for (Row r : rows) {
            String shape = r.shape().label();
            soft.assertThat(r.kernel().decided()).as("%s kernel-only: every node decided", shape).isTrue();
            soft.assertThat(r.mixed().decided()).as("%s mixed: every node decided", shape).isTrue();
            soft.assertThat(r.kernel().fenced()).as("%s kernel-only fenced = quorum.c's rule (%s)", shape,
                    r.shape().rule()).isEqualTo(r.shape().expectedFenced());
            soft.assertThat(r.mixed().fenced()).as("%s mixed (o2pool node %d) fenced = kernel-only fenced", shape,
                    r.mixed().userNode()).isEqualTo(r.kernel().fenced());
        }
        soft.assertAll();
        System.out.println("[kvm] SCENARIO partitions: PASS: " + rows.size() + " shapes, kernel-only and mixed fence"
                + " the same nodes");
    }

    /** Prints the table and every run's times and lines, if any run finished. */
    void printResults() {
        if (!rows.isEmpty()) {
            System.out.println(table());
            System.out.println(details());
        }
    }

    /** The table of issue 18 (Markdown), one row per shape. */
    String table() {
        StringBuilder sb = new StringBuilder("| shape | quorum.c says | kernel-only: fenced | mixed: fenced"
                + " (o2pool node) | same? |\n| --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            sb.append("| ").append(r.shape().label().replace("|", "\\|")).append(" | ")
                    .append(set(r.shape().expectedFenced())).append(" | ").append(fencedText(r.kernel())).append(" | ")
                    .append(fencedText(r.mixed())).append(" (").append(r.mixed().userNode()).append(") | ")
                    .append(r.same() ? "yes" : "**no**").append(" |\n");
        }
        return sb.toString();
    }

    /** Every run's times and each node's line, for docs/benchmarks.md. */
    String details() {
        StringBuilder sb = new StringBuilder("| shape | run | start → all live and connected | cut → last decision"
                + " | cut → survivors see the fenced node dead |\n| --- | --- | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            for (RunResult run : List.of(r.kernel(), r.mixed())) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f s | %.1f s | %.1f s |%n",
                        r.shape().label().replace("|", "\\|"), run.label(), run.readySeconds(), run.decidedSeconds(),
                        run.evictSeconds()));
            }
        }
        for (Row r : rows) {
            for (RunResult run : List.of(r.kernel(), r.mixed())) {
                for (Verdict v : run.verdicts()) {
                    sb.append("- ").append(r.shape().label()).append(' ').append(run.label()).append(": ")
                            .append(v.describe()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String fencedText(RunResult run) {
        return run.decided() ? set(run.fenced()) : set(run.fenced()) + " (undecided: " + run.verdicts().stream()
                .filter(v -> v.fate() == Fate.UNDECIDED).map(v -> "node" + v.node()).collect(Collectors.joining(", "))
                + ")";
    }

    /** On failure: every running kernel's o2 messages and the o2pool node's log. */
    void dumpLogs() {
        if (user != null) {
            System.out.println("---- o2pool node " + user.guest() + " (ClusterRunner):\n" + user.tail());
        }
        for (Guest g : guests) {
            if (g.running()) {
                String log;
                try {
                    log = g.exec("dmesg | grep -E 'o2|ocfs2|partition' | tail -60; nft list ruleset").output();
                } catch (RuntimeException e) {
                    log = "(unavailable: " + e.getMessage() + ")";
                }
                System.out.println("---- " + g + " kernel log:\n" + log);
            } else {
                System.out.println("---- " + g + ": QEMU gone; console tail:\n" + Poll.tail(g.console(), 30));
            }
        }
    }

    /** Stops the o2pool node if one runs (the harness stops the guests). */
    void stopUser() {
        if (user != null) {
            try {
                user.stop();
            } catch (RuntimeException ignored) {
                // its guest is stopped next anyway
            }
        }
    }
}
