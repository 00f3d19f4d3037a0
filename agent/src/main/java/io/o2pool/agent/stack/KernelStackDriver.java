package io.o2pool.agent.stack;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.exec.CommandFailedException;
import io.o2pool.agent.exec.CommandRunner;
import io.o2pool.agent.exec.Pause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel o2cb stack driven through ocfs2-tools, as the seed does by hand: {@code /etc/init.d/o2cb online
 * <cluster>} loads the modules and registers the cluster, the four timeouts go to configfs while no peer is
 * connected (the kernel refuses changes after), and a node added to a live cluster is registered with
 * {@code o2cb register-cluster <cluster>} after its cluster.conf is committed (ocfs2-tools' way, the seed's default;
 * {@code o2cb_ctl -C -i} refuses a node that cluster.conf already lists — 'Node "X" already exists', EEXIST,
 * configfs untouched — and writes the hard-coded {@code /etc/ocfs2/cluster.conf} itself, behind the agent's
 * generation). A node cluster.conf no longer lists is unregistered from the running cluster by removing its configfs
 * directory ({@code rmdir <configfs>/cluster/<cluster>/node/<name>}, as libo2cb's {@code o2cb_del_node}), but only
 * once the disk heartbeat no longer sees it live: the kernel does not refuse it, and o2hb ignores the slot of a node
 * configfs does not list, so a node unregistered while it still heartbeats would never be declared dead here. State
 * and the configured nodes come from configfs, per-node liveness from the heartbeat's {@code o2hb/livenodes} and o2net
 * connections from {@code o2net/connected_nodes} in debugfs where they can be read; the kernel reports no FENCED state
 * because a fenced node resets. Every command goes through the injected {@link CommandRunner}. Verified on the Debian
 * 6.1 kernel with ocfs2-tools 1.8.7 by {@code e2e/kvm}.
 */
public final class KernelStackDriver implements StackDriver {
    private static final Logger log = LoggerFactory.getLogger(KernelStackDriver.class);
    private static final Map<String, String> TIMEOUT_FILES = Map.of(
            "heartbeat/dead_threshold", "O2CB_HEARTBEAT_THRESHOLD", "idle_timeout_ms", "O2CB_IDLE_TIMEOUT_MS",
            "keepalive_delay_ms", "O2CB_KEEPALIVE_DELAY_MS", "reconnect_delay_ms", "O2CB_RECONNECT_DELAY_MS");
    /**
     * How long a removed node may stay live in {@code o2hb/livenodes} before it is left registered: a node that left
     * cleanly wrote generation 0 when its heartbeat stopped, and o2hb samples every 2 s, so the others drop it within
     * two samples; the rest is margin for a loaded host.
     */
    static final Duration LEAVE_WAIT = Duration.ofSeconds(6);
    private static final Duration LEAVE_POLL = Duration.ofMillis(200);

    private final CommandRunner runner;
    private final Configfs configfs;
    private final Path initScript;
    private final Path clusterConf;
    private final Clock clock;
    private final O2hbLiveNodes liveNodes;
    private final Pause pause;
    private final StackEvents events = new StackEvents();
    private final KernelHealthSampler health;
    private java.util.concurrent.ScheduledExecutorService sampling;

    /** A driver without debugfs: only this node's own liveness is known. */
    public KernelStackDriver(CommandRunner runner, Configfs configfs, Path initScript, Path clusterConf, Clock clock) {
        this(runner, configfs, initScript, clusterConf, clock, new O2hbLiveNodes(Path.of("/nonexistent-debugfs")));
    }

    public KernelStackDriver(CommandRunner runner, Configfs configfs, Path initScript, Path clusterConf, Clock clock,
            O2hbLiveNodes liveNodes) {
        this(runner, configfs, initScript, clusterConf, clock, liveNodes, Pause.sleeping());
    }

    KernelStackDriver(CommandRunner runner, Configfs configfs, Path initScript, Path clusterConf, Clock clock,
            O2hbLiveNodes liveNodes, Pause pause) {
        this.pause = pause;
        this.liveNodes = liveNodes;
        this.runner = runner;
        this.configfs = configfs;
        this.initScript = initScript;
        this.clusterConf = clusterConf;
        this.clock = clock;
        this.health = new KernelHealthSampler(configfs, liveNodes, runner, clock, System::nanoTime);
    }

    /**
     * The kernel node's heartbeat health from the samples of the last minute: sampling starts at the first call and
     * then runs every second on its own daemon thread, so later answers are at most a second old.
     */
    @Override
    public io.o2pool.agent.api.HeartbeatReport health() {
        synchronized (health) {
            if (sampling == null) {
                sampling = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "kernel-heartbeat-sampler");
                    t.setDaemon(true);
                    return t;
                });
                health.sample();
                sampling.scheduleWithFixedDelay(this::sampleQuietly, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        return health.report();
    }

    private void sampleQuietly() {
        try {
            health.sample();
        } catch (RuntimeException e) {
            log.warn("kernel heartbeat sample failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (health) {
            if (sampling != null) {
                sampling.shutdownNow();
            }
        }
        health.close();
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public ClusterView view() {
        Optional<String> cluster = configfs.cluster();
        if (cluster.isEmpty()) {
            return new ClusterView(name(), StackState.OFFLINE, null, List.of(), clock.instant());
        }
        String name = cluster.get();
        boolean heartbeating = !configfs.regions(name).isEmpty();
        Optional<BitSet> live = heartbeating ? liveNodes.read() : Optional.of(new BitSet());
        // o2net connects only to peers heartbeating in a region this node heartbeats in too
        BitSet connected = heartbeating ? liveNodes.connected().orElseGet(BitSet::new) : new BitSet();
        List<Member> members = new ArrayList<>();
        for (String node : configfs.nodes(name)) {
            boolean local = configfs.nodeAttribute(name, node, "local").orElse("0").equals("1");
            int number = Integer.parseInt(configfs.nodeAttribute(name, node, "num").orElse("-1"));
            boolean alive = live.map(bits -> number >= 0 && bits.get(number)).orElse(local && heartbeating);
            members.add(new Member(number, node, configfs.nodeAttribute(name, node, "ipv4_address").orElse(""),
                    Integer.parseInt(configfs.nodeAttribute(name, node, "ipv4_port").orElse("0")), local, alive,
                    !local && number >= 0 && connected.get(number)));
        }
        ClusterView view = new ClusterView(name(), heartbeating ? StackState.HEARTBEATING : StackState.ONLINE, name,
                members, clock.instant());
        events.publish(view);
        return view;
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterView> listener) {
        return events.subscribe(listener);
    }

    @Override
    public StackChange online(StackConfig config) {
        Optional<String> registered = configfs.cluster();
        if (registered.isPresent() && !registered.get().equals(config.clusterName())) {
            throw new ConflictException("cluster '" + registered.get() + "' is registered in configfs, not '"
                    + config.clusterName() + "'; take it offline first");
        }
        if (registered.isEmpty()) {
            runner.require(List.of(initScript.toString(), "online", config.clusterName()));
        }
        String timeouts = view().state() == StackState.ONLINE ? writeTimeouts(config) : "";
        log.info("kernel stack: cluster {} online", config.clusterName());
        view();
        String message = (registered.isEmpty() ? "registered cluster " + config.clusterName() + " (o2cb online)"
                : "cluster " + config.clusterName() + " was registered already")
                + (timeouts.isEmpty() ? "" : "; " + timeouts);
        return new StackChange(registered.isEmpty() ? StackOutcome.STARTED : StackOutcome.ALREADY_ONLINE, message);
    }

    @Override
    public StackChange offline(StackConfig config) {
        StackState state = view().state();
        switch (state) {
            case OFFLINE -> {
                return new StackChange(StackOutcome.ALREADY_OFFLINE, "no cluster is registered in configfs");
            }
            case HEARTBEATING, FENCED -> throw new ConflictException("cluster " + config.clusterName()
                    + " is " + state + "; unmount the OCFS2 repository before taking the stack offline");
            case ONLINE -> runner.require(List.of(initScript.toString(), "offline", config.clusterName()));
        }
        view();
        return new StackChange(StackOutcome.STOPPED, "unregistered cluster " + config.clusterName() + " (o2cb offline)");
    }

    @Override
    public StackChange apply(StackConfig config) {
        StackState state = view().state();
        switch (state) {
            case OFFLINE, FENCED -> {
                return new StackChange(state == StackState.OFFLINE ? StackOutcome.APPLIES_WHEN_ONLINE
                        : StackOutcome.FENCED, "the kernel stack is " + state
                        + "; the configuration takes effect when it goes online");
            }
            case ONLINE, HEARTBEATING -> {
                // first the nodes cluster.conf no longer lists (or lists otherwise): a freed node number may be
                // the one a new node takes
                Removal removal = removeStale(config, state == StackState.HEARTBEATING);
                List<StackConfig.Node> missing = missingFromConfigfs(config);
                // re-registering an online cluster adds the nodes configfs lacks (scenario-seed.sh, ADD_METHOD=o2cb)
                runner.require(List.of("o2cb", "--config-file=" + clusterConf, "register-cluster", config.clusterName()));
                List<StackConfig.Node> stillMissing = missingFromConfigfs(config);
                String written = state == StackState.ONLINE ? writeTimeouts(config) : "";
                Optional<String> deferred = state == StackState.HEARTBEATING ? differingTimeouts(config)
                        : Optional.empty();
                String note = deferred.map(d -> "timeouts not changed while heartbeating (" + d + "); they apply at "
                        + "the next online").orElse(written);
                view();
                List<StackConfig.Node> added = missing.stream().filter(n -> !stillMissing.contains(n)).toList();
                // what callers must act on first: nodes still missing, then what waits for the next online; the API
                // has no outcome of its own for removed nodes: NODES_ADDED says the running stack took the nodes
                StackOutcome outcome = !stillMissing.isEmpty() ? StackOutcome.INCOMPLETE
                        : deferred.isPresent() || !removal.kept().isEmpty() ? StackOutcome.DEFERRED
                        : !added.isEmpty() || !removal.removed().isEmpty() ? StackOutcome.NODES_ADDED
                        : !written.isEmpty() ? StackOutcome.TIMEOUTS_CHANGED
                        : StackOutcome.UNCHANGED;
                List<String> changes = new ArrayList<>();
                if (!added.isEmpty()) {
                    changes.add("added " + describe(added));
                }
                if (!removal.removed().isEmpty()) {
                    changes.add("removed " + String.join(", ", removal.removed()));
                }
                return new StackChange(outcome, ("registered the nodes of cluster.conf with the running cluster "
                        + config.clusterName() + (changes.isEmpty() ? "" : " (" + String.join("; ", changes) + ")")
                        + ". " + (stillMissing.isEmpty() ? "" : "configfs still lacks " + describe(stillMissing)
                        + " after o2cb register-cluster; check `o2cb list-nodes " + config.clusterName() + "` and the"
                        + " kernel log. ") + String.join(" ", removal.kept()) + (removal.kept().isEmpty() ? "" : " ")
                        + note).strip());
            }
        }
        throw new IllegalStateException(state.name());
    }

    /**
     * The configured nodes configfs does not have yet, or has with another number, address or port (the kernel knows
     * nodes by name).
     */
    private List<StackConfig.Node> missingFromConfigfs(StackConfig config) {
        List<String> present = configfs.nodes(config.clusterName());
        return config.nodes().stream().filter(n -> !present.contains(n.name())
                || !registeredAs(config.clusterName(), n)).toList();
    }

    /** Whether configfs registers {@code node} with its number, address and port (an unreadable value matches). */
    private boolean registeredAs(String cluster, StackConfig.Node node) {
        return configfs.nodeAttribute(cluster, node.name(), "num").map(v -> v.equals(Integer.toString(node.number())))
                .orElse(true)
                && configfs.nodeAttribute(cluster, node.name(), "ipv4_address").map(v -> v.equals(node.ipAddress()))
                .orElse(true)
                && configfs.nodeAttribute(cluster, node.name(), "ipv4_port")
                .map(v -> v.equals(Integer.toString(node.ipPort()))).orElse(true);
    }

    /** The nodes removed from configfs (as "node X (num N)") and, for each one left registered, why. */
    private record Removal(List<String> removed, List<String> kept) {
    }

    /**
     * Unregisters the peers configfs has that {@code config} does not list, or lists with another number, address or
     * port (registered again after): each once the heartbeat no longer sees it live (waiting up to
     * {@link #LEAVE_WAIT} for a node that just stopped), never this node itself.
     */
    private Removal removeStale(StackConfig config, boolean heartbeating) {
        String cluster = config.clusterName();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String node : configfs.nodes(cluster)) {
            Optional<StackConfig.Node> wanted = config.nodes().stream().filter(n -> n.name().equals(node)).findFirst();
            if (wanted.isPresent() && registeredAs(cluster, wanted.get())) {
                continue;
            }
            int number = configfs.nodeAttribute(cluster, node, "num").filter(v -> v.matches("\\d+"))
                    .map(Integer::parseInt).orElse(-1);
            String label = "node " + node + " (num " + number + ")";
            String why = wanted.isPresent() ? "is registered with another number, address or port than cluster.conf"
                    + " gives" : "is no longer in cluster.conf";
            if (configfs.nodeAttribute(cluster, node, "local").orElse("0").equals("1")) {
                kept.add(label + " " + why + " but is this node: it stays registered until the stack goes offline.");
                continue;
            }
            Instant waitFrom = clock.instant();
            Optional<String> live = heartbeating ? stillLive(number) : Optional.empty();
            Duration waited = Duration.between(waitFrom, clock.instant());
            if (live.isPresent()) {
                kept.add(label + " " + why + " but " + live.get() + ": not removed from the running cluster (o2hb"
                        + " would stop tracking a node that may still write to the shared disk); stop its stack,"
                        + " then it leaves at the next commit, or at the next online.");
                continue;
            }
            try {
                runner.require(List.of("rmdir", configfs.nodeDirectory(cluster, node).toString()));
                log.info("kernel stack: unregistered {} from cluster {} ({}; {})", label, cluster, why, heartbeating
                        ? "o2hb showed it not live after " + waited.toMillis() + " ms" : "this node does not heartbeat");
                removed.add(label);
            } catch (CommandFailedException e) {
                kept.add(label + " " + why + " but the kernel did not unregister it: " + e.getMessage() + ".");
            }
        }
        return new Removal(removed, kept);
    }

    /**
     * Empty once the disk heartbeat does not see node {@code number} live, polling up to {@link #LEAVE_WAIT}; else
     * why it counts as live.
     */
    private Optional<String> stillLive(int number) {
        Instant deadline = clock.instant().plus(LEAVE_WAIT);
        while (true) {
            Optional<BitSet> live = liveNodes.read();
            if (live.isEmpty()) {
                return Optional.of("its liveness is unknown (o2hb/livenodes in debugfs cannot be read)");
            }
            if (number < 0 || !live.get().get(number)) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(deadline)) {
                return Optional.of("the disk heartbeat still sees it live after " + LEAVE_WAIT.toSeconds() + " s");
            }
            try {
                pause.pause(LEAVE_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("the wait for its heartbeat to stop was interrupted");
            }
        }
    }

    private static String describe(List<StackConfig.Node> nodes) {
        return String.join(", ", nodes.stream().map(n -> "node " + n.name() + " (num " + n.number() + ") at "
                + n.ipAddress() + ":" + n.ipPort()).toList());
    }

    /** Writes the four timeouts that differ from configfs; keepalive/idle ordered so keepalive stays below idle. */
    private String writeTimeouts(StackConfig config) {
        Map<String, Integer> wanted = wanted(config);
        List<String> order = new ArrayList<>(List.of("heartbeat/dead_threshold", "reconnect_delay_ms"));
        int currentIdle = configfs.clusterAttribute(config.clusterName(), "idle_timeout_ms")
                .filter(v -> v.matches("\\d+")).map(Integer::parseInt).orElse(Integer.MAX_VALUE);
        // the kernel refuses keepalive >= idle: raise idle first, lower it last
        if (config.idleTimeoutMs() >= currentIdle) {
            order.addAll(List.of("idle_timeout_ms", "keepalive_delay_ms"));
        } else {
            order.addAll(List.of("keepalive_delay_ms", "idle_timeout_ms"));
        }
        List<String> written = new ArrayList<>();
        for (String file : order) {
            String value = Integer.toString(wanted.get(file));
            if (!configfs.clusterAttribute(config.clusterName(), file).orElse("").equals(value)) {
                try {
                    configfs.writeClusterAttribute(config.clusterName(), file, value);
                    written.add(file + "=" + value);
                } catch (IOException e) {
                    throw new UncheckedIOException("the kernel refused " + file + "=" + value + " for cluster "
                            + config.clusterName() + ": " + e.getMessage(), e);
                }
            }
        }
        return written.isEmpty() ? "" : "set " + String.join(", ", written) + " in configfs";
    }

    private Optional<String> differingTimeouts(StackConfig config) {
        List<String> diffs = new ArrayList<>();
        wanted(config).forEach((file, value) -> {
            String current = configfs.clusterAttribute(config.clusterName(), file).orElse("");
            if (!current.equals(value.toString())) {
                diffs.add(TIMEOUT_FILES.get(file) + " " + current + " -> " + value);
            }
        });
        return diffs.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", diffs));
    }

    private static Map<String, Integer> wanted(StackConfig config) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put("heartbeat/dead_threshold", config.deadThreshold());
        wanted.put("idle_timeout_ms", config.idleTimeoutMs());
        wanted.put("keepalive_delay_ms", config.keepaliveDelayMs());
        wanted.put("reconnect_delay_ms", config.reconnectDelayMs());
        return wanted;
    }

    /** Mounts an OCFS2 device the way the seed's repository is mounted; mount.ocfs2 starts the local heartbeat. */
    public void mount(String device, Path mountPoint) {
        runner.require(List.of("mount", "-t", "ocfs2", "-o", "_netdev", device, mountPoint.toString()));
        view();
    }
}
