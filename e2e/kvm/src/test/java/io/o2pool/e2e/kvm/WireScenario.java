package io.o2pool.e2e.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.heartbeat.HeartbeatFileLayout;
import io.o2pool.cluster.heartbeat.RegionGeometry;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfWriter;
import io.o2pool.ocfs2.conf.HeartbeatMode;
import io.o2pool.ocfs2.conf.Node;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>SCENARIO wire</b> (issue 18): an o2pool userspace node ({@code o2pool cluster run}, i.e. {@code ClusterRunner},
 * with {@code --image} on the shared block device) joins a running two-kernel o2cb cluster's heartbeat region and
 * o2net, and the real kernels treat it as one of theirs. Run once on a disk with 512-byte sectors and once on a disk
 * with 4096-byte logical sectors (QEMU {@code logical_block_size=4096}).
 *
 * <p>Nodes of cluster {@value #CLUSTER} (one cluster.conf everywhere, heartbeat local, o2cb timeouts 7 / 5000 / 1000 /
 * 2000):
 * <pre>
 *   num 0  kernel     (both phases)               o2net: accepts the userspace node's connection
 *   num 1  userspace  o2pool ClusterRunner
 *   num 2  kernel     (512-byte phase; killed at its end)   o2net: connects to the userspace node
 *   num 3  kernel     (4096-byte phase; killed at its end)  o2net: connects to the userspace node
 * </pre>
 * o2net's higher-numbered node connects, so the userspace node (num 1) connects to num 0 and is connected to by num 2
 * and 3: both handshake directions. The kernel prints {@code Accepted connection from} on the lower node and
 * {@code Connected to} on the higher ({@code o2net_set_nn_state}).
 *
 * <p>Each phase, checked from inside the guests: both kernels mount the volume ({@code heartbeat=local}); their
 * configfs region ({@code block_bytes, start_block, blocks}) equals o2pool's {@link RegionGeometry} for the volume;
 * the userspace node starts and both kernels list it in {@code o2hb/livenodes} and log the o2net lines; SIGTERM
 * (clean stop: generation 0) evicts it at once; started again, SIGKILL evicts it within the kernel's own bound;
 * started again, the higher kernel's QEMU is killed and the userspace node reports it dead within the same bound. No
 * kernel fence line, the same boot id and the same mount on the surviving kernels throughout.
 *
 * <p>The bound, from the kernel's rule ({@code o2hb_check_slot}; o2pool's {@code LivenessTracker} is the same): o2hb
 * samples every slot once per {@value #PERIOD_MS} ms and declares a live node dead at its
 * {@code dead_threshold}-th consecutive unchanged sample. Counting from the dead node's last write W, the first read
 * after W still sees a change, the next {@code dead_threshold} see none: death at W + (threshold, threshold + 1] ×
 * period. W lies in the period before the kill, so from the kill: ((threshold − 1) × period, (threshold + 1) × period]
 * = (12, 16] s for threshold 7. Asserted with ± {@value #TOLERANCE_PERCENT} % around it; times are host wall-clock
 * from the kill to the first poll that shows the death (polls every ~0.1 s plus a control-channel round trip).
 */
final class WireScenario {
    static final String CLUSTER = "wire";
    static final int THRESHOLD = 7;
    static final int IDLE_MS = 5000;
    static final int KEEPALIVE_MS = 1000;
    static final int RECONNECT_MS = 2000;
    static final int PORT = 7777;
    /** {@code O2HB_REGION_TIMEOUT_MS}: one heartbeat iteration (read every slot, write one's own). */
    static final int PERIOD_MS = 2000;
    static final int TOLERANCE_PERCENT = 5;
    /** The shared disks as the guests see them: second and third virtio disk (the first is the pool's). */
    static final String DISK_512 = "/dev/vdb";
    static final String DISK_4K = "/dev/vdc";
    static final int USER_NUM = 1;
    /** A JVM under TCG, beside other guests and other builds on a 2-core host: generous. */
    /** How often the scenario looks again: deaths are timed to a tenth of a second. */
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration START_LIMIT = Duration.ofMinutes(4);
    private static final Duration DEATH_LIMIT = Duration.ofSeconds(60);
    private static final Pattern EVENT = Pattern.compile(
            "\\{\"time\": \"[^\"]*\", \"node\": \"[^\"]*\", \"peer\": \"([^\"]*)\", \"event\": \"([a-z-]+)\"");
    /** Kernel lines that mean a node fenced itself or is about to. */
    private static final String FENCE_LINES = "fencing this|Heartbeat write timeout|sequence mismatch|Kernel panic";

    /** One phase's results, printed in the SCENARIO line and in docs/benchmarks.md. */
    record PhaseResult(String label, RegionGeometry geometry, double startToLive, double termEvictLow,
            double termEvictHigh, double killEvictLow, double killEvictHigh, double kernelKilledUser,
            double kernelKilledKernel) {
        String line() {
            return String.format(Locale.ROOT, "SCENARIO wire [%s]: PASS: configfs %s = o2pool's RegionGeometry;"
                    + " o2pool node live on both kernels %.1f s after its start; SIGTERM -> evicted %.1f / %.1f s;"
                    + " SIGKILL -> evicted %.1f / %.1f s (bound %s); kernel node killed -> o2pool node reports it dead"
                    + " %.1f s, the other kernel %.1f s; no fence, kernels up and mounted throughout", label, geometry,
                    startToLive, termEvictLow, termEvictHigh, killEvictLow, killEvictHigh, boundText(),
                    kernelKilledUser, kernelKilledKernel);
        }
    }

    private final KvmHarness kvm;
    private final Timings timings;
    private final Guest low;
    private final Guest user;
    private final Guest high512;
    private final Guest high4k;
    private final Path hostDisk512;
    private final Path hostDisk4k;
    private final List<PhaseResult> results = new ArrayList<>();
    private int starts;

    /**
     * @param low     kernel node num 0 (both phases)
     * @param user    the guest running the o2pool userspace node, num 1
     * @param high512 kernel node num 2, killed at the end of the 512-byte phase
     * @param high4k  kernel node num 3, killed at the end of the 4096-byte phase
     * @param hostDisk512 the host file behind {@value #DISK_512}, hostDisk4k the one behind {@value #DISK_4K}
     */
    WireScenario(KvmHarness kvm, Guest low, Guest user, Guest high512, Guest high4k, Path hostDisk512,
            Path hostDisk4k) {
        this.kvm = kvm;
        this.timings = kvm.timings();
        this.low = low;
        this.user = user;
        this.high512 = high512;
        this.high4k = high4k;
        this.hostDisk512 = hostDisk512;
        this.hostDisk4k = hostDisk4k;
    }

    List<PhaseResult> results() {
        return List.copyOf(results);
    }

    /** The whole scenario: set up, the 512-byte phase, the 4096-byte phase; prints the SCENARIO lines. */
    void run() {
        timings.time("wire: cluster.conf everywhere, o2cb online on 3 kernels, mkfs of both disks", this::setUp);
        results.add(timings.time("wire: phase 512-byte sectors", () ->
                phase("512-byte sectors", DISK_512, 512, hostDisk512, high512, 2)));
        stopUser(false);
        low.execOk("umount /mnt/wire-512");
        results.add(timings.time("wire: phase 4096-byte sectors", () ->
                phase("4096-byte sectors", DISK_4K, 4096, hostDisk4k, high4k, 3)));
        stopUser(false);
        for (PhaseResult r : results) {
            System.out.println("[kvm] " + r.line());
        }
        System.out.println("[kvm] SCENARIO wire: PASS (512 and 4096-byte sectors)");
    }

    private void setUp() {
        String conf = ConfWriter.toText(new ClusterConf(List.of(new Cluster(CLUSTER, HeartbeatMode.LOCAL, 4, List.of(
                node(low, 0), node(user, USER_NUM), node(high512, 2), node(high4k, 3)), List.of()))));
        String defaults = O2cbDefaultsWriter.render(O2cbDefaults.defaults().withEnabled(true).withBootCluster(CLUSTER)
                .withTimeouts(THRESHOLD, IDLE_MS, KEEPALIVE_MS, RECONNECT_MS));
        String write = "mkdir -p /etc/ocfs2 /run/wire && cat > /etc/ocfs2/cluster.conf <<'EOF'\n" + conf + "EOF\n"
                + "cat > /etc/default/o2cb <<'EOF'\n" + defaults + "EOF\n";
        List<Guest> kernels = List.of(low, high512, high4k);
        Parallel.run(() -> user.execOk(write + logbackConfig()),
                () -> online(low, write), () -> online(high512, write), () -> online(high4k, write));
        for (Guest g : List.of(low, user, high512, high4k)) {
            assertThat(g.execOk("cat /sys/block/vdb/queue/logical_block_size /sys/block/vdc/queue/logical_block_size")
                    .strip().split("\\s+")).as("%s: logical sector sizes of vdb, vdc", g.name())
                    .containsExactly("512", "4096");
        }
        for (Guest g : kernels) {
            assertThat(g.execOk("cd /sys/kernel/config/cluster/" + CLUSTER + " && cat idle_timeout_ms"
                    + " keepalive_delay_ms reconnect_delay_ms && ls node").split("\\s+"))
                    .as("%s: configfs of cluster %s", g.name(), CLUSTER)
                    .contains("5000", "1000", "2000", low.name(), user.name(), high512.name(), high4k.name());
        }
        Parallel.run(
                () -> low.execOk("mkfs.ocfs2 -q -F -b 4K -C 4K -N 4 -L wire512 --cluster-stack=o2cb --cluster-name=" + CLUSTER
                        + " " + DISK_512),
                () -> high4k.execOk("mkfs.ocfs2 -q -F -b 4K -C 4K -N 4 -L wire4k --cluster-stack=o2cb --cluster-name=" + CLUSTER
                        + " " + DISK_4K));
    }

    private static void online(Guest g, String write) {
        g.execOk(write + "/etc/init.d/o2cb online " + CLUSTER + " && /etc/init.d/o2cb status");
    }

    private static Node node(Guest g, int number) {
        return new Node(g.name(), number, g.clusterIp(), PORT);
    }

    /** ClusterRunner's logs to stderr (logback's default would mix them into the events on stdout). */
    private static String logbackConfig() {
        return "cat > /run/wire/logback.xml <<'EOF'\n<configuration>\n"
                + "  <appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target>\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %msg%n</pattern></encoder></appender>\n"
                + "  <logger name=\"io.o2pool\" level=\"DEBUG\"/>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"E\"/></root>\n</configuration>\nEOF\n";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private PhaseResult phase(String label, String device, int sectorBytes, Path hostDisk, Guest high, int highNum) {
        List<Guest> kernels = List.of(low, high);
        String marker = "o2pool-e2e SCENARIO wire " + label;
        for (Guest k : kernels) {
            k.execOk("echo '" + marker + "' > /dev/kmsg");
        }
        String mnt = "/mnt/wire-" + sectorBytes;
        timings.time("wire " + label + ": both kernels mount (heartbeat=local)", () -> {
            low.execOk("mkdir -p " + mnt + " && mount -t ocfs2 " + device + " " + mnt);
            high.execOk("mkdir -p " + mnt + " && mount -t ocfs2 " + device + " " + mnt);
        });
        Map<String, String> boots = new LinkedHashMap<>();
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Guest k : kernels) {
            boots.put(k.name(), k.bootId());
            mounts.put(k.name(), k.execOk("grep ' " + mnt + " ' /proc/self/mountinfo").strip());
            assertThat(mounts.get(k.name())).as("%s mount", k.name()).contains("ocfs2").contains("heartbeat=local");
        }

        // --- the region where the kernel put it = where o2pool computes it ---
        RegionGeometry expected;
        try {
            expected = RegionGeometry.of(HeartbeatFileLayout.probe(hostDisk), sectorBytes, device);
        } catch (IOException e) {
            throw new UncheckedIOException("o2pool cannot read the heartbeat layout of " + hostDisk, e);
        }
        for (Guest k : kernels) {
            String configfs = k.execOk("cd /sys/kernel/config/cluster/" + CLUSTER + "/heartbeat/ && r=$(ls | head -1)"
                    + " && echo \"block_bytes=$(cat $r/block_bytes) start_block=$(cat $r/start_block)"
                    + " blocks=$(cat $r/blocks)\"").strip();
            System.out.println("[kvm] wire " + label + ": " + k.name() + " configfs region: " + configfs
                    + "; o2pool RegionGeometry: " + expected);
            assertThat(configfs).as("%s's configfs region vs o2pool's RegionGeometry", k.name())
                    .isEqualTo(expected.toString());
        }
        assertThat(expected.blockBytes()).isEqualTo(sectorBytes);

        // --- 1. start: both kernels see it live, o2net in both directions ---
        double live = startUser(device, kernels);
        // o2net connects once both ends see each other heartbeating (a kernel that tries earlier is refused, as a
        // kernel refuses it, and retries after the reconnect delay)
        String accepted = awaitKernelLine(low, marker,
                "o2net: Accepted connection from node " + user.name() + " (num " + USER_NUM + ")");
        String connected = awaitKernelLine(high, marker,
                "o2net: Connected to node " + user.name() + " (num " + USER_NUM + ")");
        System.out.println("[kvm] wire " + label + ": " + low.name() + ": " + accepted + "\n[kvm] wire " + label + ": "
                + high.name() + ": " + connected);
        awaitEvents("the o2pool node sees both kernels up and connected", Duration.ofSeconds(60),
                List.of(low.name() + " node-up", high.name() + " node-up", low.name() + " connected",
                        high.name() + " connected"));
        for (Guest k : kernels) {
            System.out.println("[kvm] wire " + label + ": " + k.name() + ": livenodes "
                    + k.execOk("cat /sys/kernel/debug/o2hb/livenodes").strip() + "; o2net connected_nodes "
                    + k.execOk("cat /sys/kernel/debug/o2net/connected_nodes").strip());
        }
        checkKernels(kernels, marker, boots, mounts, mnt, "after the o2pool node's start");

        // --- 2. SIGTERM: a clean stop (generation 0), evicted at the next sample ---
        double[] term = stopAndMeasure(kernels, "TERM");
        // a clean stop exits 0, also when SIGTERM asked for it (ClusterRunner halts with 0 rather than the JVM's 143)
        assertThat(user.execOk("cat /run/wire/u.rc").strip()).as("ClusterRunner's exit code after SIGTERM")
                .isEqualTo("0");
        assertThat(userEvents()).as("the o2pool node stopped cleanly").contains(user.name() + " node-down");
        for (double t : term) {
            assertThat(t).as("SIGTERM -> evicted (a clean stop, not a timeout)")
                    .isLessThan(lowerBound() * (1 - TOLERANCE_PERCENT / 100.0));
        }
        checkKernels(kernels, marker, boots, mounts, mnt, "after the o2pool node's SIGTERM");

        // --- 3. SIGKILL: evicted by the dead threshold ---
        startUser(device, kernels);
        double[] kill = stopAndMeasure(kernels, "KILL");
        for (double t : kill) {
            assertWithinBound("SIGKILL of the o2pool node -> evicted by a kernel", t);
        }
        checkKernels(kernels, marker, boots, mounts, mnt, "after the o2pool node's SIGKILL");
        assertThat(kernelLog(low, marker) + kernelLog(high, marker)).as("the kernels log the o2net drop")
                .contains("o2net: No longer connected to node " + user.name());

        // --- 4. a kernel node dies: the o2pool node (and the other kernel) see it dead within the bound ---
        startUser(device, kernels);
        awaitEvents("the o2pool node connected again", Duration.ofSeconds(60),
                List.of(low.name() + " connected", high.name() + " connected"));
        long killedAt = System.nanoTime();
        high.kill();
        List<Double> dead = Parallel.all(List.<Supplier<Double>>of(
                () -> Poll.secondsUntil(killedAt, DEATH_LIMIT, POLL,
                        () -> userEvents().contains(high.name() + " node-down")),
                () -> Poll.secondsUntil(killedAt, DEATH_LIMIT, POLL, () -> !liveNodes(low).contains(highNum))));
        System.out.printf(Locale.ROOT, "[kvm] wire %s: %s's QEMU killed -> o2pool node reports it dead %.1f s,"
                + " %s's kernel drops it %.1f s%n", label, high.name(), dead.get(0), low.name(), dead.get(1));
        assertWithinBound("kernel node killed -> the o2pool node reports it dead", dead.get(0));
        assertWithinBound("kernel node killed -> the other kernel drops it", dead.get(1));
        checkKernels(List.of(low), marker, boots, mounts, mnt, "after " + high.name() + " died");
        assertThat(userEvents()).as("the o2pool node did not fence").doesNotContain(" fenced");
        assertThat(user.execOk("kill -0 \"$(cat /run/wire/u.pid)\" && echo running").strip()).isEqualTo("running");
        assertThat(liveNodes(low)).as("%s still sees the o2pool node", low.name()).contains(USER_NUM);

        PhaseResult r = new PhaseResult(label, expected, live, term[0], term[1], kill[0], kill[1], dead.get(0),
                dead.get(1));
        System.out.println("[kvm] " + r.line());
        return r;
    }

    /** Starts the userspace node; returns the seconds until every kernel in {@code kernels} lists it live. */
    private double startUser(String device, List<Guest> kernels) {
        starts++;
        String out = user.execOk("rm -f /run/wire/u.rc /run/wire/u.pid;"
                + " setsid sh -c 'o2pool-java"
                + " -Dlogback.configurationFile=/run/wire/logback.xml io.o2pool.cluster.run.ClusterRunner"
                + " --config /etc/ocfs2/cluster.conf --o2cb /etc/default/o2cb --node " + user.name()
                + " --image " + device + " --events json > /run/wire/u.events 2> /run/wire/u" + starts + ".log"
                + " < /dev/null & echo $! > /run/wire/u.pid; wait $!; echo $? > /run/wire/u.rc'"
                + " > /dev/null 2>&1 < /dev/null &"
                + " i=0; while [ ! -s /run/wire/u.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done;"
                + " cat /run/wire/u.pid");
        long started = System.nanoTime();
        System.out.println("[kvm] wire: o2pool node " + user.name() + " started (ClusterRunner pid " + out.strip()
                + ", " + device + ")");
        List<Supplier<Double>> polls = new ArrayList<>();
        for (Guest k : kernels) {
            polls.add(() -> Poll.secondsUntil(started, START_LIMIT, POLL, () -> {
                if (!user.execOk("[ -f /run/wire/u.rc ] && cat /run/wire/u.rc || true").isBlank()) {
                    throw new AssertionError("ClusterRunner exited: " + userLog());
                }
                return liveNodes(k).contains(USER_NUM);
            }));
        }
        List<Double> times = Parallel.all(polls);
        double last = times.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        timings.record("wire: o2pool node start -> live on both kernels (start " + starts + ")",
                Duration.ofMillis((long) (last * 1000)));
        return last;
    }

    /** Sends SIGTERM or SIGKILL to the userspace node; returns the seconds until each kernel dropped it. */
    private double[] stopAndMeasure(List<Guest> kernels, String signal) {
        long sent = System.nanoTime();
        user.execOk("kill -" + signal + " \"$(cat /run/wire/u.pid)\"");
        List<Supplier<Double>> polls = new ArrayList<>();
        for (Guest k : kernels) {
            polls.add(() -> Poll.secondsUntil(sent, DEATH_LIMIT, POLL, () -> !liveNodes(k).contains(USER_NUM)));
        }
        List<Double> times = Parallel.all(polls);
        System.out.printf(Locale.ROOT, "[kvm] wire: SIG%s to the o2pool node -> evicted by %s %.1f s, %s %.1f s%n",
                signal, kernels.get(0).name(), times.get(0), kernels.get(1).name(), times.get(1));
        timings.record("wire: SIG" + signal + " -> evicted by both kernels", Duration.ofMillis(
                (long) (1000 * Math.max(times.get(0), times.get(1)))));
        Poll.secondsUntil(sent, Duration.ofSeconds(60), POLL, () -> user.execOk("cat /run/wire/u.rc 2>/dev/null || true")
                .strip().length() > 0);
        return new double[] {times.get(0), times.get(1)};
    }

    /** Stops the userspace node if it runs (SIGTERM, then SIGKILL), by its pid. */
    void stopUser(boolean quiet) {
        try {
            user.exec("p=$(cat /run/wire/u.pid 2>/dev/null) && [ ! -f /run/wire/u.rc ] && kill \"$p\";"
                    + " i=0; while [ ! -f /run/wire/u.rc ] && [ $i -lt 150 ]; do sleep 0.2; i=$((i+1)); done;"
                    + " [ -f /run/wire/u.rc ] || kill -9 \"$p\" 2>/dev/null; true", Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            if (!quiet) {
                throw e;
            }
        }
    }

    /** The kernels are up (same boot), still mounted (same mount), and logged no fence since {@code marker}. */
    private static void checkKernels(List<Guest> kernels, String marker, Map<String, String> boots,
            Map<String, String> mounts, String mnt, String when) {
        for (Guest k : kernels) {
            assertThat(k.running()).as("%s's QEMU runs %s", k.name(), when).isTrue();
            assertThat(k.bootId()).as("%s did not reboot %s", k.name(), when).isEqualTo(boots.get(k.name()));
            assertThat(k.execOk("grep ' " + mnt + " ' /proc/self/mountinfo").strip())
                    .as("%s is still mounted (same mount) %s", k.name(), when).isEqualTo(mounts.get(k.name()));
            String fence = k.execOk("dmesg | sed -n '/" + marker + "/,$p' | grep -E '" + FENCE_LINES + "' || true");
            assertThat(fence).as("%s's kernel fence lines %s", k.name(), when).isBlank();
        }
    }

    /** Waits (60 s at most) for a kernel message containing {@code text} after {@code marker}; returns its line. */
    private static String awaitKernelLine(Guest k, String marker, String text) {
        String[] found = new String[1];
        try {
            Poll.secondsUntil(System.nanoTime(), Duration.ofSeconds(60), POLL, () -> {
                for (String line : kernelLog(k, marker).split("\n")) {
                    if (line.contains(text)) {
                        found[0] = line.strip();
                        return true;
                    }
                }
                return false;
            });
        } catch (AssertionError e) {
            throw new AssertionError(k.name() + ": no kernel line '" + text + "' in:\n" + kernelLog(k, marker), e);
        }
        return found[0];
    }

    /** The kernel's messages since {@code marker}. */
    private static String kernelLog(Guest k, String marker) {
        return k.execOk("dmesg | sed -n '/" + marker + "/,$p'");
    }

    /** The userspace node's membership events so far, as "PEER EVENT" lines. */
    private String userEvents() {
        String text = user.execOk("cat /run/wire/u.events 2>/dev/null || true");
        StringBuilder sb = new StringBuilder();
        Matcher m = EVENT.matcher(text);
        while (m.find()) {
            sb.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
        }
        return sb.toString();
    }

    /** On failure: the userspace node's log and events, every running kernel's o2 messages. */
    void dumpLogs(List<Guest> guests) {
        System.out.println("---- o2pool node " + user + " (ClusterRunner) log:\n" + safe(this::userLog));
        for (Guest g : guests) {
            if (g != user && g.running()) {
                System.out.println("---- " + g + " kernel log:\n" + safe(() -> g.exec(
                        "dmesg | grep -E 'o2|ocfs2|wire' | tail -60; echo \"livenodes: $(cat"
                        + " /sys/kernel/debug/o2hb/livenodes) connected: $(cat /sys/kernel/debug/o2net/connected_nodes)\";"
                        + " ip neigh show dev clu0; ip -s link show clu0 | tail -4;"
                        + " for a in 10 11 13 14; do ping -c1 -W1 10.77.0.$a >/dev/null && echo ping 10.77.0.$a ok"
                        + " || echo ping 10.77.0.$a FAILED; done").output()));
            }
        }
    }

    private static String safe(Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    String userLog() {
        return user.exec("tail -60 /run/wire/u" + starts + ".log 2>/dev/null; echo '-- events:';"
                + " cat /run/wire/u.events 2>/dev/null | tail -30").output();
    }

    private void awaitEvents(String what, Duration limit, List<String> lines) {
        long t0 = System.nanoTime();
        try {
            Poll.secondsUntil(t0, limit, POLL, () -> {
                String events = userEvents();
                return lines.stream().allMatch(events::contains);
            });
        } catch (AssertionError e) {
            throw new AssertionError(what + ": expected events " + lines + " in:\n" + userEvents(), e);
        }
    }

    static double lowerBound() {
        return (THRESHOLD - 1) * PERIOD_MS / 1000.0;
    }

    static double upperBound() {
        return (THRESHOLD + 1) * PERIOD_MS / 1000.0;
    }

    static String boundText() {
        return String.format(Locale.ROOT, "(%.0f, %.0f] s ± %d %%", lowerBound(), upperBound(), TOLERANCE_PERCENT);
    }

    private static void assertWithinBound(String what, double seconds) {
        double lo = lowerBound() * (1 - TOLERANCE_PERCENT / 100.0);
        double hi = upperBound() * (1 + TOLERANCE_PERCENT / 100.0);
        assertThat(seconds).as("%s: %.1f s, the kernel's bound %s = [%.1f, %.1f] s", what, seconds, boundText(), lo, hi)
                .isBetween(lo, hi);
    }

    /** The node numbers o2hb sees live on {@code g} (debugfs). */
    static List<Integer> liveNodes(Guest g) {
        String text = g.execOk("cat /sys/kernel/debug/o2hb/livenodes 2>/dev/null || true").strip();
        List<Integer> nodes = new ArrayList<>();
        for (String n : text.split("\\s+")) {
            if (n.matches("\\d+")) {
                nodes.add(Integer.parseInt(n));
            }
        }
        return nodes;
    }
}
