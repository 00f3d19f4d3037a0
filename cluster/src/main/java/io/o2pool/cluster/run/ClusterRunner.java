package io.o2pool.cluster.run;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.fence.FenceMethod;
import io.o2pool.cluster.membership.MembershipEvent;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsException;
import io.o2pool.ocfs2.defaults.O2cbDefaultsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code o2pool cluster run}: runs one node of the cluster stack in the foreground until SIGTERM/SIGINT (then
 * stops cleanly, so the others drop it at once) or until it fences itself; prints one line per membership
 * event on stdout (JSON with {@code --events json}); kernel-style logs go to the SLF4J backend (stderr).
 *
 * <pre>
 * --node NAME                 this node's name in the node list (required)
 * --config FILE               cluster.conf (its first cluster, or --cluster's), or a list of
 *                             "NAME NUMBER IP[:PORT]" lines (required)
 * --region-dir DIR            shared repository folder: region file DIR/heartbeat, fence records DIR/fence/
 *                             (alias --region; required unless --image)
 * --image FILE                heartbeat on this OCFS2 image's/device's heartbeat file instead
 * --o2cb FILE                 o2cb defaults file (O2CB_HEARTBEAT_THRESHOLD, O2CB_IDLE_TIMEOUT_MS, ...),
 *                             validated as the o2cb init script does
 * --dead-threshold N          overrides (default 31; ≥ 7)
 * --idle-timeout-ms N         overrides (default 30000)
 * --keepalive-delay-ms N      overrides (default 2000)
 * --reconnect-delay-ms N      overrides (default 2000)
 * --cluster NAME              cluster name (default: cluster.conf's first, else ocfs2)
 * --fence stop|command|reboot fence method (default stop)
 * --fence-command "CMD ARGS"  the command for --fence command (split on blanks)
 * --events json|text          event format on stdout (default text)
 * </pre>
 * Exit codes: 0 stopped cleanly, 1 could not start, 2 bad arguments, 3 fenced. SIGTERM and SIGINT stop cleanly
 * and exit 0 too: a JVM that a signal shuts down exits 128 + the signal's number (143, 130) whatever {@code main}
 * returns, so the shutdown hook halts it with 0 once the clean stop is done (3 if the node had fenced itself first;
 * the JVM's own status if the stop failed). Halting skips shutdown hooks still running beside it.
 */
public final class ClusterRunner {
    /** Exit code: stopped cleanly. */
    public static final int EXIT_STOPPED = 0;
    /** Exit code: the node could not start. */
    public static final int EXIT_START_FAILED = 1;
    /** Exit code: bad arguments or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: the node fenced itself. */
    public static final int EXIT_FENCED = 3;

    private static final List<String> FLAGS = List.of("--node", "--config", "--region-dir", "--region", "--image",
            "--o2cb", "--dead-threshold", "--idle-timeout-ms", "--keepalive-delay-ms", "--reconnect-delay-ms",
            "--cluster", "--fence", "--fence-command", "--events");

    private ClusterRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    /** Runs a node with {@code args} (see the class comment); returns the exit code. */
    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        ClusterNodeConfig config;
        try {
            o = Options.parse(args);
            config = o.config();
        } catch (IllegalArgumentException | IOException e) {
            err.println("o2pool cluster run: " + e.getMessage());
            return EXIT_USAGE;
        }
        CountDownLatch finished = new CountDownLatch(1);
        boolean json = "json".equals(o.events);
        ClusterNode node;
        try {
            node = NodeFactory.build(config, o.regionDir, o.image, event -> {
                print(out, json, event);
                if (event.type() == io.o2pool.cluster.membership.EventType.FENCED) {
                    finished.countDown();
                }
            });
        } catch (IOException | IllegalArgumentException e) {
            err.println("o2pool cluster run: node " + o.node + ": " + e.getMessage());
            return EXIT_START_FAILED;
        }
        // Runs when a signal (or an exit elsewhere) shuts the JVM down while the node runs: the fenced and failed
        // paths below remove it first.
        Thread hook = new Thread(() -> {
            try {
                node.stop().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("o2pool cluster run: node " + o.node + ": clean stop failed: " + e.getMessage());
            } finally {
                node.close();
                finished.countDown();
            }
            // the exit code says how the node ended, also when a signal asked it to stop (else: 128 + signal)
            ClusterNode.State end = node.state();
            if (end == ClusterNode.State.STOPPED || end == ClusterNode.State.FENCED) {
                out.flush();
                err.flush();
                Runtime.getRuntime().halt(end == ClusterNode.State.STOPPED ? EXIT_STOPPED : EXIT_FENCED);
            }
        }, "o2pool-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        node.start().whenComplete((v, e) -> {
            if (e != null) {
                finished.countDown();
            }
        });
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (node.state() == ClusterNode.State.FENCED) {
            removeHook(hook);
            node.close();
            return EXIT_FENCED;
        }
        if (node.state() == ClusterNode.State.FAILED) {
            removeHook(hook);
            err.println("o2pool cluster run: node " + o.node + " could not start: " + node.failure());
            node.close();
            return EXIT_START_FAILED;
        }
        return EXIT_STOPPED;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs anyway
        }
    }

    private static void print(PrintStream out, boolean json, MembershipEvent event) {
        synchronized (out) {
            out.println(json ? event.toJsonLine() : event.toText());
            out.flush();
        }
    }

    /** Parsed arguments. */
    static final class Options {
        String node;
        Path configFile;
        Path regionDir;
        Path image;
        Path o2cb;
        Integer threshold;
        Integer idleMs;
        Integer keepaliveMs;
        Integer reconnectMs;
        String cluster;
        FenceMethod fence = FenceMethod.STOP;
        List<String> fenceCommand = List.of();
        String events = "text";

        static Options parse(List<String> args) {
            Map<String, String> v = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String key = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    key = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (!FLAGS.contains(key)) {
                    throw new IllegalArgumentException("unknown argument '" + a + "'; expected " + FLAGS);
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(key + " needs a value");
                    }
                    value = args.get(++i);
                }
                v.put(key.equals("--region") ? "--region-dir" : key, value);
            }
            Options o = new Options();
            o.node = required(v, "--node");
            o.configFile = Path.of(required(v, "--config"));
            o.regionDir = v.containsKey("--region-dir") ? Path.of(v.get("--region-dir")) : null;
            o.image = v.containsKey("--image") ? Path.of(v.get("--image")) : null;
            if (o.regionDir == null && o.image == null) {
                throw new IllegalArgumentException("give --region-dir DIR (the shared repository folder) or --image FILE");
            }
            o.o2cb = v.containsKey("--o2cb") ? Path.of(v.get("--o2cb")) : null;
            o.threshold = intOrNull(v, "--dead-threshold");
            o.idleMs = intOrNull(v, "--idle-timeout-ms");
            o.keepaliveMs = intOrNull(v, "--keepalive-delay-ms");
            o.reconnectMs = intOrNull(v, "--reconnect-delay-ms");
            o.cluster = v.get("--cluster");
            if (v.containsKey("--fence")) {
                o.fence = FenceMethod.parse(v.get("--fence"));
            }
            if (v.containsKey("--fence-command")) {
                o.fenceCommand = List.of(v.get("--fence-command").trim().split("\\s+"));
            }
            o.events = v.getOrDefault("--events", "text");
            if (!o.events.equals("json") && !o.events.equals("text")) {
                throw new IllegalArgumentException("--events must be json or text, not '" + o.events + "'");
            }
            return o;
        }

        ClusterNodeConfig config() throws IOException {
            if (!Files.isRegularFile(configFile)) {
                throw new IOException("node list " + configFile + " does not exist");
            }
            NodeListFile.Contents contents = NodeListFile.read(configFile, cluster);
            O2cbDefaults defaults = o2cb == null ? O2cbDefaults.defaults() : o2cbDefaults(o2cb);
            int t = threshold != null ? threshold : defaults.heartbeatThreshold();
            int idle = idleMs != null ? idleMs : defaults.idleTimeoutMs();
            int keep = keepaliveMs != null ? keepaliveMs : defaults.keepaliveDelayMs();
            int rec = reconnectMs != null ? reconnectMs : defaults.reconnectDelayMs();
            String name = cluster != null ? cluster : contents.clusterName() != null ? contents.clusterName() : "ocfs2";
            return new ClusterNodeConfig(name, node, new ArrayList<>(contents.nodes()), t, idle, keep, rec, fence,
                    fenceCommand);
        }

        /** The timeouts of an o2cb defaults file, validated as the init script does (unset values: defaults). */
        private static O2cbDefaults o2cbDefaults(Path file) throws IOException {
            try {
                return O2cbDefaultsFile.read(file).toDefaults();
            } catch (O2cbDefaultsException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        private static String required(Map<String, String> v, String key) {
            String s = v.get(key);
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(key + " is required");
            }
            return s;
        }

        private static Integer intOrNull(Map<String, String> v, String key) {
            String s = v.get(key);
            if (s == null) {
                return null;
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, not '" + s + "'");
            }
        }
    }
}
