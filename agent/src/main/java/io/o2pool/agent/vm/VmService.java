package io.o2pool.agent.vm;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.LeaseRule;
import io.o2pool.agent.api.LeaseState;
import io.o2pool.agent.api.LeaseVerdict;
import io.o2pool.agent.api.MigrateRequest;
import io.o2pool.agent.api.MigrateResult;
import io.o2pool.agent.api.PeerLiveness;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.api.VmLease;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.api.VmStatus;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.agent.vm.lease.LeaseStore;
import io.o2pool.agent.vm.lease.LivenessJudge;
import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's VMs as the pool runs them: definitions kept in the shared repository, each start under the VM's
 * ownership lease ({@link LeaseRule}, judged with this node's own disk-heartbeat view of the holder), stop and destroy
 * releasing it, live migration handing it over, lifecycle events numbered in a {@link VmEventLog}. The driver does
 * the work; this class decides and records. Thread-safe (one operation per VM at a time).
 */
public final class VmService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VmService.class);
    private static final Duration DEFAULT_MIGRATION_TIMEOUT = Duration.ofSeconds(300);

    private final String nodeName;
    private final VmDriver driver;
    private final StackDriver stack;
    private final Supplier<Optional<StackConfig>> liveConfig;
    private final Supplier<List<Path>> repositories;
    private final Path tinyGuest;
    private final Clock clock;
    private final Runnable beforeGuestStart;
    private final VmEventLog events = new VmEventLog();
    private final Map<String, Instant> since = new ConcurrentHashMap<>();
    private final Set<String> migrating = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final AutoCloseable driverEvents;
    private final AutoCloseable views;
    private volatile Instant heartbeatingSince;
    private final java.util.concurrent.ScheduledExecutorService viewSampler =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "vm-stack-view");
                t.setDaemon(true);
                return t;
            });

    public VmService(String nodeName, VmDriver driver, StackDriver stack, Supplier<Optional<StackConfig>> liveConfig,
                     Supplier<List<Path>> repositories, Path tinyGuest, Clock clock) {
        this(nodeName, driver, stack, liveConfig, repositories, tinyGuest, clock, () -> { });
    }

    /** As above; {@code beforeGuestStart} runs before each guest starts (the agent makes sure its guard runs). */
    public VmService(String nodeName, VmDriver driver, StackDriver stack, Supplier<Optional<StackConfig>> liveConfig,
                     Supplier<List<Path>> repositories, Path tinyGuest, Clock clock, Runnable beforeGuestStart) {
        this.beforeGuestStart = beforeGuestStart;
        this.nodeName = nodeName;
        this.driver = driver;
        this.stack = stack;
        this.liveConfig = liveConfig;
        this.repositories = repositories;
        this.tinyGuest = tinyGuest;
        this.clock = clock;
        this.views = stack.subscribe(this::onView);
        onView(stack.view());
        // views are also published on membership changes only: sample the state every second for heartbeatingSince
        viewSampler.scheduleWithFixedDelay(() -> {
            try {
                onView(stack.view());
            } catch (RuntimeException e) {
                log.debug("sampling the stack view: {}", e.toString());
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        this.driverEvents = driver.events(this::onDriverEvent);
    }

    public VmDriver driver() {
        return driver;
    }

    public VmEventLog events() {
        return events;
    }

    public String nodeName() {
        return nodeName;
    }

    // ---- reading

    public List<VmStatus> statuses() {
        return driver.statuses().stream().map(this::enrich).toList();
    }

    public VmStatus status(String name) {
        return enrich(driver.status(name));
    }

    public List<VmDefinition> definitions() {
        return files().map(VmFiles::definitions).orElse(List.of());
    }

    public VmDefinition definition(String name) {
        return files().flatMap(f -> f.readDefinition(name)).orElseThrow(() -> new NoSuchVmException("VM " + name
                + " has no definition in the repository; define it first (PUT /v1/vms/" + name + ")"));
    }

    public List<VmLease> leases() {
        return files().map(f -> new LeaseStore(f.leases()).all()).orElse(List.of());
    }

    public VmEndpoint endpoint() {
        return driver.endpoint(nodeName, ownNumber());
    }

    // ---- operations

    /** Validates {@code d}, writes it into the repository and defines it on this server's driver. */
    public VmStatus define(VmDefinition d) {
        List<VmDefinition.Problem> problems = d.problems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.getFirst().field(), problems.getFirst().message());
        }
        VmDefinition full = d.withDefaults();
        synchronized (lock(d.name())) {
            VmFiles files = requireFiles(d.name());
            Optional<VmDefinition> stored = files.readDefinition(d.name());
            VmStatus now = driver.status(d.name());
            if (now.state().mayRun() && stored.isPresent() && !stored.get().equals(full)) {
                throw new ConflictException("VM " + d.name() + " is " + now.state() + " on " + nodeName + " with "
                        + "another definition; stop it before changing it");
            }
            VmSpec spec = files.prepare(full, bootsGuests());
            files.writeDefinition(full);
            driver.define(spec);
            log.info("VM {}: defined on {} ({} vCPU, {} MiB, {}), definition in {}", d.name(), nodeName,
                    full.vcpus(), full.memoryMib(), full.tinyGuest() ? "tiny guest" : full.image(), files.root());
            return status(d.name());
        }
    }

    /**
     * Starts the VM here from the repository's definition once this node holds its lease; refused (409) while another
     * server holds it, naming the holder and why.
     */
    public VmStatus start(String name) {
        synchronized (lock(name)) {
            VmFiles files = requireFiles(name);
            VmDefinition d = files.readDefinition(name).orElseThrow(() -> new NoSuchVmException("VM " + name
                    + " has no definition in the repository " + files.root() + "; define it first (PUT /v1/vms/"
                    + name + ")"));
            VmStatus now = driver.status(name);
            if (now.state() == VmState.RUNNING) {
                acquire(files, name); // a running VM must be ours; refuses loudly if the record says otherwise
                return status(name);
            }
            if (now.state() == VmState.MISSING || !now.state().mayRun()) {
                driver.define(files.prepare(d, bootsGuests()));
            }
            VmLease before = new LeaseStore(files.leases()).read(name);
            acquire(files, name);
            try {
                beforeGuestStart.run();
                driver.start(name);
            } catch (RuntimeException e) {
                if (before == null || !before.owner().equals(nodeName)) {
                    release(files, name, "start failed: " + e.getMessage());
                }
                throw e;
            }
            log.info("VM {}: started on {}", name, nodeName);
            return status(name);
        }
    }

    /** Shuts the VM down (destroying it after {@code timeout}) and releases its lease. */
    public VmStatus shutdown(String name, Duration timeout) {
        synchronized (lock(name)) {
            boolean graceful = driver.shutdown(name, timeout);
            files().ifPresent(f -> release(f, name, graceful ? "shut down" : "destroyed after " + timeout.toSeconds()
                    + " s"));
            VmStatus s = status(name);
            return new VmStatus(s.name(), s.state(), graceful ? "shutdown" : "destroyed after timeout", s.driver(),
                    s.pid(), s.since(), s.node());
        }
    }

    /** Forces the VM off at once and releases its lease. */
    public VmStatus destroy(String name) {
        synchronized (lock(name)) {
            if (driver.status(name).state() == VmState.MISSING) {
                throw new NoSuchVmException("VM " + name + " is not defined on " + nodeName);
            }
            driver.destroy(name);
            files().ifPresent(f -> release(f, name, "destroyed"));
            return status(name);
        }
    }

    /** Undefines the stopped VM here and, with {@code deleteDefinition}, removes it from the repository. */
    public VmStatus undefine(String name, boolean deleteDefinition) {
        synchronized (lock(name)) {
            VmStatus now = driver.status(name);
            if (now.state().mayRun()) {
                throw new ConflictException("VM " + name + " is " + now.state() + " on " + nodeName + "; stop it "
                        + "before deleting it");
            }
            driver.undefine(name);
            Optional<VmFiles> files = files();
            files.ifPresent(f -> release(f, name, "undefined"));
            if (deleteDefinition) {
                files.ifPresent(f -> {
                    VmLease lease = new LeaseStore(f.leases()).read(name);
                    if (lease != null) {
                        throw new ConflictException("VM " + name + " is held by " + lease.describeOwner() + "; stop it "
                                + "there before deleting its definition");
                    }
                    f.readDefinition(name).ifPresent(f::deleteDefinition);
                });
            }
            since.remove(name);
            return status(name);
        }
    }

    /**
     * Live-migrates the VM to {@code request.destination()}: the lease goes to HANDOVER (the destination must be LIVE
     * in this node's heartbeat), then the migration, then the destination holds it (it confirms on arrival, and this
     * side after success); on failure this node takes the lease back and the VM keeps running here.
     */
    public MigrateResult migrate(String name, MigrateRequest request) {
        VmEndpoint to = request.destination();
        if (to == null || to.node() == null || to.node().isBlank()) {
            throw new InvalidInputException("destination", "give the destination's endpoint as its "
                    + "GET /v1/vms/endpoint answered");
        }
        if (!driver.liveMigrates()) {
            throw ProcessVmDriver.cannotMigrate(name, to.node());
        }
        Duration timeout = request.timeoutSeconds() > 0 ? Duration.ofSeconds(request.timeoutSeconds())
                : DEFAULT_MIGRATION_TIMEOUT;
        synchronized (lock(name)) {
            VmFiles files = requireFiles(name);
            VmStatus now = driver.status(name);
            if (now.state() != VmState.RUNNING) {
                throw new ConflictException("VM " + name + " is " + now.state() + " on " + nodeName + ", not RUNNING; "
                        + "only a running VM migrates");
            }
            LeaseStore leases = new LeaseStore(files.leases());
            PeerLiveness target = liveness(to.node());
            int targetNumber = numberOf(to.node());
            leases.update(name, current -> {
                LeaseVerdict v = LeaseRule.handover(current, nodeName, to.node(), target);
                if (!v.granted()) {
                    throw new ConflictException(v.message());
                }
                return current.state() == LeaseState.HANDOVER ? current
                        : current.handingOverTo(to.node(), targetNumber, clock.instant());
            });
            record(name, VmEventType.LEASE_HANDOVER, "lease handed over to " + to.node() + " for a live migration");
            migrating.add(name);
            VmDriver.Migration done;
            try {
                done = driver.migrate(name, to, unsafeMigration(files), timeout);
            } catch (RuntimeException e) {
                leases.update(name, current -> LeaseRule.abort(current, nodeName).granted()
                        ? VmLease.held(name, nodeName, ownNumber(), clock.instant()) : current);
                record(name, VmEventType.LEASE_ACQUIRED, "migration to " + to.node() + " failed; lease kept: "
                        + e.getMessage());
                throw e;
            } finally {
                migrating.remove(name);
            }
            VmLease after = leases.update(name, current -> LeaseRule.confirm(current, to.node()).rule()
                    == LeaseVerdict.Rule.CONFIRMED ? VmLease.held(name, to.node(), targetNumber, clock.instant())
                    : current);
            log.info("VM {}: migrated from {} to {} in {} ms (downtime {} ms)", name, nodeName, to.node(),
                    done.elapsedMs(), done.downtimeMs());
            since.remove(name);
            return new MigrateResult(name, nodeName, to.node(), done.elapsedMs(), done.downtimeMs(), after);
        }
    }

    /**
     * {@code POST /v1/vms/stop-all}: every running VM shut down (forced off after {@code timeout}) and the leases of
     * those stopped released. (The fence stops VMs through the driver directly and keeps the leases: the survivors
     * take them once the fenced node is dead.)
     */
    public io.o2pool.agent.api.VmStopResult stopAll(Duration timeout) {
        io.o2pool.agent.api.VmStopResult result = driver.stopAll(timeout);
        files().ifPresent(f -> {
            for (String name : result.stopped()) {
                release(f, name, "stop-all");
            }
            for (String name : result.forced()) {
                release(f, name, "stop-all (forced off)");
            }
        });
        return result;
    }

    /**
     * The agent is stopping: on the userspace stack its node is about to leave the heartbeat, which the survivors take
     * as its death at once, so every guest is destroyed (and its lease released) first. Returns the VMs destroyed.
     */
    public List<String> destroyAllForDeparture(String why) {
        List<String> destroyed = new java.util.ArrayList<>();
        for (VmStatus s : driver.statuses()) {
            if (s.state().mayRun()) {
                try {
                    driver.destroy(s.name());
                    files().ifPresent(f -> release(f, s.name(), why));
                    destroyed.add(s.name());
                } catch (RuntimeException e) {
                    log.error("VM {}: could not destroy it before {} left the cluster: {}", s.name(), nodeName,
                            e.getMessage());
                }
            }
        }
        if (!destroyed.isEmpty()) {
            log.warn("node {}: destroyed {} because {}", nodeName, destroyed, why);
        }
        return destroyed;
    }

    @Override
    public void close() {
        viewSampler.shutdownNow();
        try {
            driverEvents.close();
            views.close();
        } catch (Exception e) {
            log.debug("closing VM event sources: {}", e.toString());
        }
    }

    /** Whether the driver boots real guests (libvirt), which need the tiny guest's kernel; stand-ins do not. */
    private boolean bootsGuests() {
        return !"process".equals(driver.name()) && !"none".equals(driver.name());
    }

    // ---- leases

    private void acquire(VmFiles files, String name) {
        VmLease before = new LeaseStore(files.leases()).read(name);
        ClusterView view = stack.view();
        if (view.state() != StackState.HEARTBEATING) {
            throw new ConflictException("VM " + name + " cannot start on " + nodeName + ": its cluster stack is "
                    + view.state() + ", not HEARTBEATING; a VM runs only under a lease the other servers can judge "
                    + "by this server's disk heartbeat: bring the stack online and attach the repository");
        }
        int own = ownNumber();
        new LeaseStore(files.leases()).update(name, current -> {
            LeaseVerdict v = LeaseRule.decide(current, nodeName, current == null ? PeerLiveness.UNKNOWN
                    : liveness(current.owner()), current == null || current.handoverTo() == null ? PeerLiveness.UNKNOWN
                    : liveness(current.handoverTo()));
            if (!v.granted()) {
                record(name, VmEventType.LEASE_REFUSED, v.message());
                throw new ConflictException(ConflictException.LEASE, v.message());
            }
            if (current != null && current.owner().equals(nodeName) && current.state() == LeaseState.HELD) {
                return current;
            }
            return VmLease.held(name, nodeName, own, clock.instant());
        });
        if (before == null || !before.owner().equals(nodeName) || before.state() != LeaseState.HELD) {
            record(name, VmEventType.LEASE_ACQUIRED, before == null ? "lease taken (it was free)"
                    : "lease taken over from " + before.describeOwner());
        }
    }

    private void release(VmFiles files, String name, String why) {
        VmLease released = new LeaseStore(files.leases()).update(name, current ->
                current != null && current.owner().equals(nodeName) && current.state() == LeaseState.HELD ? null
                        : current);
        if (released == null) {
            record(name, VmEventType.LEASE_RELEASED, "lease released: " + why);
        }
    }

    /** How this node's own heartbeat sees {@code node}. */
    PeerLiveness liveness(String node) {
        if (node.equals(nodeName)) {
            return PeerLiveness.LIVE;
        }
        int threshold = liveConfig.get().map(StackConfig::deadThreshold).orElse(HeartbeatTiming.DEFAULT_DEAD_THRESHOLD);
        ClusterView view = stack.view();
        onView(view);
        return LivenessJudge.judge(view, heartbeatingSince, clock.instant(),
                Duration.ofMillis(HeartbeatTiming.deadMs(threshold)), node);
    }

    private int ownNumber() {
        return numberOf(nodeName);
    }

    private int numberOf(String node) {
        return liveConfig.get().flatMap(c -> c.node(node)).map(StackConfig.Node::number).orElse(-1);
    }

    /**
     * Tracks since when this node heartbeats without a break: from its first steady view (a region is steady after
     * three iterations without a membership change), reset only when it stops heartbeating — a peer's death makes
     * the region unsteady again for a while, which must not make this node forget how long it has been watching.
     */
    private void onView(ClusterView view) {
        if (view.state() != StackState.HEARTBEATING) {
            heartbeatingSince = null;
        } else if (heartbeatingSince == null && !Boolean.FALSE.equals(view.steady())) {
            heartbeatingSince = clock.instant();
            try {
                viewSampler.execute(this::releaseStaleLeases); // not on the caller's thread: it may hold a VM's lock
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                log.debug("not releasing stale leases: closing");
            }
        }
    }

    /**
     * Once this node heartbeats again (the agent started, or its stack came back after a fence or a crash): the leases
     * it still holds for VMs that do not run here are released. Nothing of them runs here, and while this node is
     * alive no other server would ever see it dead and take them, so its VMs would stay down.
     */
    private void releaseStaleLeases() {
        files().ifPresent(f -> {
            for (VmLease lease : new LeaseStore(f.leases()).all()) {
                if (!lease.owner().equals(nodeName) || lease.state() != LeaseState.HELD) {
                    continue;
                }
                synchronized (lock(lease.vm())) {
                    try {
                        if (!driver.status(lease.vm()).state().mayRun()) {
                            release(f, lease.vm(), "left by an earlier run of " + nodeName + " (a crash, a fence or a"
                                    + " restart); the VM does not run here");
                        }
                    } catch (RuntimeException e) {
                        log.warn("VM {}: cannot tell whether it runs here ({}); its lease stays", lease.vm(),
                                e.getMessage());
                    }
                }
            }
        });
    }

    // ---- events

    private void onDriverEvent(DomainEvent e) {
        since.put(e.vm(), e.time());
        events.append(nodeName, e);
        if (e.type() == VmEventType.MIGRATED_IN || e.type() == VmEventType.RESUMED) {
            confirmArrival(e.vm());
        }
    }

    /** The destination's half of a handover: a VM that arrived here under a HANDOVER to this node is now held here. */
    private void confirmArrival(String name) {
        files().ifPresent(f -> {
            try {
                VmLease before = new LeaseStore(f.leases()).read(name);
                if (before == null || before.state() != LeaseState.HANDOVER || !nodeName.equals(before.handoverTo())) {
                    return;
                }
                new LeaseStore(f.leases()).update(name, current -> LeaseRule.confirm(current, nodeName).rule()
                        == LeaseVerdict.Rule.CONFIRMED ? VmLease.held(name, nodeName, ownNumber(), clock.instant())
                        : current);
                record(name, VmEventType.LEASE_ACQUIRED, "lease confirmed on arrival from " + before.owner());
            } catch (RuntimeException ex) {
                log.warn("VM {}: could not confirm its lease on arrival at {}: {}", name, nodeName, ex.getMessage());
            }
        });
    }

    private void record(String vm, VmEventType type, String detail) {
        events.append(nodeName, new DomainEvent(clock.instant(), vm, type, detail));
    }

    private VmStatus enrich(VmStatus s) {
        VmState state = migrating.contains(s.name()) && s.state().mayRun() ? VmState.MIGRATING : s.state();
        return new VmStatus(s.name(), state, s.reason(), s.driver(), s.pid(), since.get(s.name()), nodeName);
    }

    private Object lock(String name) {
        return locks.computeIfAbsent(name, n -> new Object());
    }

    private Optional<VmFiles> files() {
        List<Path> roots = repositories.get();
        return roots.isEmpty() ? Optional.empty()
                : Optional.of(new VmFiles(roots.getFirst(), tinyGuest, driver.fileOwner()));
    }

    private VmFiles requireFiles(String vm) {
        return files().orElseThrow(() -> new ConflictException("VM " + vm + ": no repository is attached to "
                + nodeName + "; VM definitions and leases live in the shared repository: attach it first"));
    }

    /** A plain directory repository is not a cluster file system libvirt knows: migrations need --unsafe there. */
    private static boolean unsafeMigration(VmFiles files) {
        try {
            String type = java.nio.file.Files.getFileStore(files.root()).type();
            return !type.equalsIgnoreCase("ocfs2") && !type.equalsIgnoreCase("gfs2");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
