package io.o2pool.manager;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.o2pool.manager.addserver.AddServerSettings;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.HttpsAgentConnector;
import io.o2pool.manager.api.ApiDeps;
import io.o2pool.manager.api.ApiServer;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.jobs.JobEngine;
import io.o2pool.manager.jobs.Pacer;
import io.o2pool.manager.jobs.PausePoint;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.drift.DriftWatch;
import io.o2pool.manager.store.Database;
import io.o2pool.manager.store.DatabaseConfig;
import io.o2pool.manager.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import io.o2pool.manager.status.StatusMonitor;
import io.o2pool.manager.tls.ManagerIdentity;
import io.o2pool.manager.tls.ServedCertificate;

/**
 * A running manager: its key pair, database (migrated), store, job engine (recovered after a restart) and REST API
 * over HTTPS, wired together. {@link #close()} stops the API and the engine; jobs still running continue at the next
 * start.
 */
public final class Manager implements AutoCloseable {
    private final Database database;
    private final Store store;
    private final JobEngine engine;
    private final ExecutorService jobThreads;
    private final ApiServer api;
    private final ScheduledExecutorService statusThread;
    private final ManagerIdentity identity;
    private final ServedCertificate served;
    private final String listenHost;

    private final io.o2pool.manager.status.HeartbeatBoard heartbeats;

    private Manager(Database database, Store store, JobEngine engine, ExecutorService jobThreads, ApiServer api,
                    ScheduledExecutorService statusThread, ManagerIdentity identity, ServedCertificate served,
                    String listenHost, io.o2pool.manager.status.HeartbeatBoard heartbeats) {
        this.identity = identity;
        this.served = served;
        this.listenHost = listenHost;
        this.database = database;
        this.store = store;
        this.engine = engine;
        this.jobThreads = jobThreads;
        this.api = api;
        this.statusThread = statusThread;
        this.heartbeats = heartbeats;
    }

    /**
     * Starts a manager as {@code o2pool manager} runs it — agents called over HTTPS with their certificates pinned,
     * each call bounded by {@link ManagerOptions#agentTimeout()}, the system clock, real waits between polls — and
     * returns once its API listens. The public entry point for running a manager in a process (the daemon, the demo,
     * benchmarks); {@code out} receives the one-time admin password notice and the certificate's fingerprint.
     */
    public static Manager start(ManagerOptions options, PrintStream out) throws IOException {
        Files.createDirectories(options.dataDir());
        ManagerIdentity identity = ManagerIdentity.loadOrCreate(options.dataDir(), options.listenHost(),
                Clock.systemUTC());
        return start(options, HttpsAgentConnector.of(identity, options.agentTimeout()), Clock.systemUTC(),
                Pacer.sleeping(), out, identity);
    }

    /**
     * Starts a manager with the given agent connector, clock and pacer (tests pass fakes); {@code out} receives the
     * one-time admin password notice and the certificate's fingerprint.
     */
    public static Manager start(ManagerOptions options, AgentConnector agents, Clock clock, Pacer pacer,
                                PrintStream out) throws IOException {
        Files.createDirectories(options.dataDir());
        return start(options, agents, clock, pacer, out,
                ManagerIdentity.loadOrCreate(options.dataDir(), options.listenHost(), clock));
    }

    /** As above, with the manager's key pair already loaded (the production connector presents it to agents). */
    private static Manager start(ManagerOptions options, AgentConnector agents, Clock clock, Pacer pacer,
                                 PrintStream out, ManagerIdentity identity) throws IOException {
        ServedCertificate served = servedCertificate(options, identity);
        DatabaseConfig dbConfig = options.dbUrl() == null ? DatabaseConfig.embedded(options.dataDir())
                : new DatabaseConfig(options.dbUrl(), options.dbUser(), options.dbPassword());
        Database database = Database.open(dbConfig);
        ExecutorService jobThreads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Store store = Store.over(database, clock);
            ensureAdmin(store, options, clock, out);
            var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            var json = Json.mapper();
            var settings = new AddServerSettings(options.liveTimeout(), AddServerSettings.defaults().pollInterval());
            Operations operations = Operations.over(agents, settings, json);
            JobEngine engine = new JobEngine(store, operations.handlers(), jobThreads, clock, pacer, json, metrics,
                    PausePoint.at(options.pauseAtStep(), options.dataDir()));
            engine.recover();
            var heartbeats = new io.o2pool.manager.status.HeartbeatBoard();
            ApiServer api = ApiServer.start(new ApiDeps(store, engine, agents, operations, json, clock,
                    metrics, options.tokenTtl(), heartbeats), options.listenHost(), options.listenPort(), served);
            if (served != null) {
                out.println("o2pool manager: HTTPS with the " + served.describe());
            } else {
                out.println("o2pool manager: WARNING: plain HTTP (--insecure-http): the web UI's and the CLI's"
                        + " passwords and tokens travel unencrypted; use it only on loopback or behind a TLS proxy");
            }
            DriftWatch drift = new DriftWatch(store, agents, clock, DRIFT_INTERVAL,
                    DriftWatch.through(store, engine, json));
            var enrolment = new io.o2pool.manager.agents.EnrolmentSweep(store,
                    new io.o2pool.manager.change.PoolAgents(agents), clock);
            var haTrigger = new io.o2pool.manager.vms.HaTrigger(store, clock,
                    io.o2pool.manager.vms.HaTrigger.through(store, engine, json));
            var vmWatch = new io.o2pool.manager.vms.VmWatch(store, new io.o2pool.manager.change.PoolAgents(agents),
                    clock);
            ScheduledExecutorService statusThread = startStatusMonitor(new StatusMonitor(store, agents, clock,
                    StatusMonitor.through(store, engine, json), heartbeats), drift, enrolment, () -> {
                        haTrigger.tick();
                        vmWatch.tick();
                    }, options.statusInterval());
            return new Manager(database, store, engine, jobThreads, api, statusThread, identity, served,
                    options.listenHost(), heartbeats);
        } catch (RuntimeException | IOException e) {
            jobThreads.shutdownNow();
            database.close();
            throw e;
        }
    }

    /**
     * What the listener presents: the operator's {@code --tls-cert}, else the manager's own self-signed certificate;
     * null with {@code --insecure-http}.
     */
    public static ServedCertificate servedCertificate(ManagerOptions options, ManagerIdentity identity)
            throws IOException {
        if (options.insecureHttp()) {
            return null;
        }
        return options.tlsCertificate() != null
                ? ServedCertificate.given(options.tlsCertificate(), options.tlsKey())
                : ServedCertificate.own(identity);
    }

    /** How often the drift watch reads every member's live files. */
    static final java.time.Duration DRIFT_INTERVAL = java.time.Duration.ofSeconds(10);

    /** Runs the status monitor, the drift watch, the enrolment sweep and the VM watch every {@code interval} (cadence only; its decisions take no time). */
    private static ScheduledExecutorService startStatusMonitor(StatusMonitor monitor, DriftWatch drift,
            Runnable enrolment, Round vms, java.time.Duration interval) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "o2pool-status-monitor");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> {
            round("status monitor", monitor::tick);
            round("drift watch", drift::tick);
            round("enrolment sweep", enrolment::run);
            round("VM watch", vms); // after the status monitor: HA acts on this round's verdicts
        }, interval.toMillis(), interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return thread;
    }

    /** A task of the periodic round that may be interrupted. */
    @FunctionalInterface
    private interface Round {
        void run() throws InterruptedException;
    }

    /** Runs one periodic task; a failure is logged and does not stop the others or the next round. */
    private static void round(String what, Round task) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            task.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Manager.class).warn("{} round failed: {}", what, e.toString(), e);
        }
    }

    /**
     * Creates user {@code admin} at the first start, with the given password or a generated one written to
     * {@code DATA/admin-password} (mode 0600 from its creation). Neither is ever printed or logged.
     */
    private static void ensureAdmin(Store store, ManagerOptions options, Clock clock, PrintStream out)
            throws IOException {
        if (store.users().exists("admin")) {
            return;
        }
        String password = options.adminPassword();
        boolean generated = password == null;
        Path file = options.dataDir().resolve("admin-password");
        if (generated) {
            password = generatePassword();
            writeOwnerOnly(file, password + "\n");
        }
        store.users().create("admin", password, clock.instant());
        store.events().append("user.created", null, null, null, "user admin created at first start");
        if (generated) {
            out.println("o2pool manager: created user 'admin' with a generated password, in " + file
                    + " (readable only by this user)");
        } else {
            out.println("o2pool manager: created user 'admin' with the given password");
        }
    }

    /** Writes a new file that only its owner can read, from the moment it exists (not chmod after the fact). */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text);
    }

    private static String generatePassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    public int port() {
        return api.port();
    }

    /** {@code https://HOST:PORT} on the listen host ({@code http://} with {@code --insecure-http}). */
    public String url() {
        return api.url(listenHost);
    }

    /** The manager's own key pair and self-signed certificate ({@code DATA/tls/}), also with {@code --tls-cert}. */
    public ManagerIdentity identity() {
        return identity;
    }

    /** The certificate the listener presents, or empty with {@code --insecure-http}. */
    public java.util.Optional<ServedCertificate> servedCertificate() {
        return java.util.Optional.ofNullable(served);
    }

    /** The manager's store (tests read what the API stored). */
    public Store store() {
        return store;
    }

    /** The members' heartbeat health as the status monitor last read it (what the API and /metrics show). */
    public io.o2pool.manager.status.HeartbeatBoard heartbeats() {
        return heartbeats;
    }

    @Override
    public void close() {
        statusThread.shutdownNow();
        api.close();
        engine.stop();
        jobThreads.shutdownNow();
        database.close();
    }
}
