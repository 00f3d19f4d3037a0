package io.o2pool.agent.stack;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import io.o2pool.cluster.membership.MembershipEvent;
import io.o2pool.cluster.membership.PeerView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * o2pool's userspace O2CB stack as a {@link StackDriver}: runs one node of the {@code cluster} module
 * ({@link ClusterNode}) for this server. {@link #online} registers the committed configuration (ONLINE); once a
 * shared directory repository is attached the node heartbeats on the region {@value #REGION_DIR}{@code /<cluster>/heartbeat}
 * in it, with fence records beside it, and talks o2net on its cluster address (HEARTBEATING), until it leaves cleanly
 * ({@link #offline}, agent stop) or fences itself (FENCED: the node stops heartbeating, writes its fence record,
 * then runs the driver's {@code stopServices}, which stops the server's VMs). Membership events and views go to subscribers from one
 * publishing thread, never from the node's thread. Thread-safe.
 */
public final class UserspaceStackDriver implements StackDriver {
    /** Where the heartbeat region and fence records live inside a shared directory repository. */
    public static final String REGION_DIR = ".o2pool/cluster";
    private static final Logger log = LoggerFactory.getLogger(UserspaceStackDriver.class);
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final long HEALTH_WAIT_MS = 2000;

    private final String nodeName;
    private final Clock clock;
    private final NodeLauncher launcher;
    private final Runnable stopServices;
    private final StackEvents events = new StackEvents();
    private final List<Consumer<ClusterEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "userspace-stack-events");
        t.setDaemon(true);
        return t;
    });
    private StackConfig config;
    private boolean online;
    private Path repository;
    private ClusterNode node;
    private ClusterNodeConfig running;

    /**
     * A driver running real nodes ({@link NodeLauncher#system()}) whose fence runs {@code stopServices} (the agent
     * passes a {@link io.o2pool.agent.vm.VmFence}, which stops every VM).
     */
    public UserspaceStackDriver(String nodeName, Clock clock, Runnable stopServices) {
        this(nodeName, clock, NodeLauncher.system(), stopServices);
    }

    public UserspaceStackDriver(String nodeName, Clock clock, NodeLauncher launcher, Runnable stopServices) {
        this.nodeName = nodeName;
        this.clock = clock;
        this.launcher = launcher;
        this.stopServices = stopServices;
    }

    @Override
    public String name() {
        return UserspaceView.DRIVER;
    }

    @Override
    public synchronized ClusterView view() {
        ClusterNode n = node;
        StackState state = UserspaceView.state(online, n == null ? null : n.state());
        List<PeerView> peers = n == null ? List.of() : n.membership().snapshot();
        ClusterView view = UserspaceView.view(config, nodeName, state, peers, clock.instant());
        boolean steady = n != null && n.state() == ClusterNode.State.RUNNING;
        return state == StackState.HEARTBEATING ? new ClusterView(view.driver(), view.state(), view.clusterName(),
                view.members(), view.at(), steady) : view;
    }

    /**
     * The running node's heartbeat health, taken on its thread when asked (so never older than the request); UNKNOWN
     * while no node heartbeats or its thread does not answer within {@value #HEALTH_WAIT_MS} ms.
     */
    @Override
    public io.o2pool.agent.api.HeartbeatReport health() {
        ClusterNode n;
        synchronized (this) {
            n = node;
        }
        if (n == null || UserspaceView.state(true, n.state()) != StackState.HEARTBEATING) {
            return io.o2pool.agent.api.HeartbeatReport.unknown(name(), nodeName, clock.instant(), n == null
                    ? "the userspace node is not heartbeating" : "the userspace node is " + n.state());
        }
        try {
            return UserspaceHealth.report(n.health().get(HEALTH_WAIT_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the heartbeat health of node " + nodeName, e);
        } catch (ExecutionException | TimeoutException e) {
            return io.o2pool.agent.api.HeartbeatReport.unknown(name(), nodeName, clock.instant(), "node " + nodeName
                    + ": its cluster thread did not report its heartbeat health within " + HEALTH_WAIT_MS + " ms ("
                    + e + ")");
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterView> listener) {
        return events.subscribe(listener);
    }

    @Override
    public AutoCloseable subscribeEvents(Consumer<ClusterEvent> listener) {
        eventListeners.add(listener);
        return () -> eventListeners.remove(listener);
    }

    @Override
    public StackChange online(StackConfig newConfig) {
        StackChange change;
        synchronized (this) {
            if (online && config != null && !config.clusterName().equals(newConfig.clusterName())) {
                throw new ConflictException("cluster '" + config.clusterName() + "' is online, not '"
                        + newConfig.clusterName() + "'; take it offline first");
            }
            nodeConfig(newConfig);
            boolean replaced = false;
            if (node != null && UserspaceView.state(true, node.state()) != StackState.HEARTBEATING) {
                stopNode(); // a fenced or failed node is replaced: going online again is the restart
                replaced = true;
            }
            boolean wasOnline = online && !replaced;
            config = newConfig;
            online = true;
            startIfPossible();
            String where = node != null ? "node " + nodeName + " heartbeats in "
                    + regionDir(repository, config.clusterName())
                    : "node " + nodeName + " heartbeats once a directory repository is attached";
            change = wasOnline
                    ? new StackChange(StackOutcome.ALREADY_ONLINE, "cluster " + config.clusterName()
                            + " is online already; " + where)
                    : new StackChange(StackOutcome.STARTED, (replaced ? "replaced the stopped node; " : "")
                            + "cluster " + config.clusterName() + " online; " + where);
        }
        publishView();
        return change;
    }

    /**
     * Leaves the cluster: a heartbeating node stops cleanly (a generation-0 block, so the others drop it at once
     * without fencing) and the stack is OFFLINE. Stop the VMs on the repository first.
     */
    @Override
    public StackChange offline(StackConfig ignored) {
        boolean wasOnline;
        boolean left;
        synchronized (this) {
            wasOnline = online;
            left = node != null;
            stopNode();
            online = false;
        }
        publishView();
        return wasOnline ? new StackChange(StackOutcome.STOPPED, left ? "node " + nodeName + " left the cluster cleanly"
                : "offline (node " + nodeName + " was not heartbeating)")
                : new StackChange(StackOutcome.ALREADY_OFFLINE, "the userspace stack was OFFLINE");
    }

    @Override
    public StackChange apply(StackConfig newConfig) {
        StackChange change;
        synchronized (this) {
            if (!online) {
                config = newConfig;
                return new StackChange(StackOutcome.APPLIES_WHEN_ONLINE,
                        "the userspace stack is OFFLINE; the configuration takes effect when it goes online");
            }
            ClusterNodeConfig wanted = nodeConfig(newConfig);
            if (node == null) {
                config = newConfig;
                change = new StackChange(StackOutcome.APPLIES_WHEN_ONLINE, "the userspace stack now has "
                        + newConfig.nodes().size() + " configured nodes"
                        + (repository == null ? "; it heartbeats once a directory repository is attached" : ""));
            } else if (node.state() == ClusterNode.State.FENCED) {
                config = newConfig;
                change = new StackChange(StackOutcome.FENCED, "the userspace stack now has " + newConfig.nodes().size()
                        + " configured nodes; it is FENCED: take it offline and online again");
            } else {
                change = applyToRunning(wanted, newConfig);
            }
        }
        publishView();
        return change;
    }

    /**
     * Tells the running node about {@code wanted}: new peers are added to it live ({@link ClusterNode#addNode});
     * timeouts and removals wait for the next online.
     */
    private StackChange applyToRunning(ClusterNodeConfig wanted, StackConfig newConfig) {
        NodeChange change = NodeChange.between(running, wanted);
        if (change.none()) {
            config = newConfig;
            return new StackChange(StackOutcome.UNCHANGED, "the running userspace node already has this configuration");
        }
        if (!change.removed().isEmpty() || !change.timeoutsKept()) {
            config = newConfig;
            return new StackChange(StackOutcome.DEFERRED, "not applied to the running userspace node ("
                    + change.describe() + "); it applies at the next online (offline, then online)");
        }
        // as the kernel's o2cb_ctl -C -n: the running node learns the new peers without leaving the cluster
        try {
            for (NodeAddress added : change.added()) {
                node.addNode(added).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = e instanceof ExecutionException ? e.getCause().getMessage() : e.toString();
            log.warn("userspace stack: node {} could not add {} while running ({}); rejoining with them", nodeName,
                    change.describeAdded(), reason);
            stopNode();
            config = newConfig;
            startIfPossible();
            return new StackChange(StackOutcome.REJOINED, "added " + change.describeAdded() + " to the running "
                    + "userspace node (it rejoined the cluster cleanly: " + reason + ")");
        }
        running = wanted;
        config = newConfig;
        log.info("userspace stack: node {} added {} while running", nodeName, change.describeAdded());
        return new StackChange(StackOutcome.NODES_ADDED, "added " + change.describeAdded()
                + " to the running userspace node");
    }

    @Override
    public String repositoryAttached(Path directory) {
        synchronized (this) {
            if (node != null && repository != null && !repository.equals(directory)) {
                return "the userspace node keeps heartbeating in " + repository;
            }
            repository = directory;
            if (!online) {
                return "the userspace stack heartbeats in " + regionDir(directory, "<cluster>") + " once online";
            }
            startIfPossible();
        }
        publishView();
        return "the userspace node heartbeats in " + regionDir(directory, config.clusterName());
    }

    /**
     * The directory the node heartbeats in is detached: as unmounting a {@code heartbeat=local} OCFS2 volume stops the
     * kernel's heartbeat on it, the node stops cleanly (a generation-0 block, so the others drop it at once without
     * fencing) and the stack stays ONLINE; it heartbeats again at the next attach.
     */
    @Override
    public String repositoryDetached(Path directory) {
        boolean stopped;
        synchronized (this) {
            if (repository == null || !repository.equals(directory)) {
                return "";
            }
            stopped = node != null;
            String cluster = config == null ? "<cluster>" : config.clusterName();
            if (stopped) {
                log.info("userspace stack: node {} stops heartbeating in {} (repository detached)", nodeName,
                        regionDir(directory, cluster));
            }
            stopNode();
            repository = null;
        }
        publishView();
        return stopped ? "the userspace node stopped heartbeating in " + directory + " cleanly; the stack stays "
                + (online ? "ONLINE" : "OFFLINE") + " and heartbeats again when a repository is attached"
                : "the userspace stack no longer heartbeats in " + directory;
    }

    /**
     * The records in the attached repository's fence folder ({@value #REGION_DIR}{@code /<cluster>/fence}); none,
     * with a note, before a repository is attached and a cluster configured. Reads the folder outside the lock.
     */
    @Override
    public FenceRecords fenceRecords(String node, int limit) {
        Path dir;
        synchronized (this) {
            if (repository == null || config == null) {
                return FenceHistory.none(name(), node, repository == null
                        ? "no directory repository is attached: the userspace stack keeps its fence records there"
                        : "no cluster is configured yet: its fence records are kept per cluster");
            }
            dir = regionDir(repository, config.clusterName());
        }
        return FenceHistory.read(name(), dir, node, limit);
    }

    /** Stops the node cleanly (the others drop it at once) and the publishing thread. */
    @Override
    public void close() {
        synchronized (this) {
            stopNode();
        }
        publisher.shutdown();
    }

    private void startIfPossible() {
        if (!online || repository == null || node != null) {
            return;
        }
        ClusterNodeConfig nodeConfig = nodeConfig(config);
        Path dir = regionDir(repository, config.clusterName());
        try {
            Files.createDirectories(dir);
            node = launcher.build(nodeConfig, dir, this::onEvent, stopServices);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("node " + nodeName + ": cannot start the userspace cluster node on "
                    + dir + ": " + e.getMessage(), e);
        }
        running = nodeConfig;
        ClusterNode started = node;
        log.info("userspace stack: node {} heartbeating in {} as {}", nodeName, dir, nodeConfig.localNode().describe());
        started.start().whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("userspace stack: node {} could not start: {}", nodeName, started.failure());
            } else {
                log.info("userspace stack: node {} heartbeat steady in {}", nodeName, dir);
            }
            publishView();
        });
    }

    private void stopNode() {
        ClusterNode stopping = node;
        if (stopping == null) {
            return;
        }
        try {
            stopping.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("userspace stack: node {} did not stop cleanly within {} s: {}", nodeName, STOP_TIMEOUT_SECONDS,
                    e.toString());
        } finally {
            stopping.close();
            node = null;
            running = null;
        }
    }

    private ClusterNodeConfig nodeConfig(StackConfig c) {
        try {
            return UserspaceView.nodeConfig(c, nodeName);
        } catch (IllegalArgumentException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    static Path regionDir(Path repository, String clusterName) {
        return repository.resolve(REGION_DIR).resolve(clusterName);
    }

    /** On the node's thread: hand over to the publishing thread at once. */
    private void onEvent(MembershipEvent e) {
        ClusterEvent event = new ClusterEvent(e.time(), e.node(), e.peer(), e.type().wireName(), e.reason());
        publish(() -> {
            for (Consumer<ClusterEvent> listener : eventListeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException failed) {
                    eventListeners.remove(listener);
                }
            }
            events.publish(view());
        });
    }

    private void publishView() {
        publish(() -> events.publish(view()));
    }

    private void publish(Runnable task) {
        try {
            publisher.execute(task);
        } catch (RejectedExecutionException closed) {
            // the driver is closed: nobody listens any more
        }
    }
}
