package io.o2pool.agent.vm.libvirt;

import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmLayer;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.api.VmStatus;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import io.o2pool.agent.vm.DomainEvent;
import io.o2pool.agent.vm.NoSuchVmException;
import io.o2pool.agent.vm.VmDriver;
import io.o2pool.agent.vm.VmDriverException;
import io.o2pool.agent.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import io.o2pool.agent.exec.Pause;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMs of ONE libvirt instance, by URI, through {@code virsh -c URI} subprocesses (the injected
 * {@link CommandRunner}) and one long-running {@code virsh event} for lifecycle events. virsh over libvirt-java/JNA:
 * no jars and no native access in the agent, errors as libvirt's own text, and the ~20 ms per call is nothing next
 * to a VM operation (measured: JNA 0.5–0.8 ms per {@code getInfo}, virsh 17–30 ms).
 */
public final class LibvirtVmDriver implements VmDriver {
    /** The default URI: the system libvirtd. */
    public static final String DEFAULT_URI = "qemu:///system";
    private static final Logger log = LoggerFactory.getLogger(LibvirtVmDriver.class);
    private static final Pattern DOWNTIME = Pattern.compile("Total downtime:\\s+(\\d+)\\s*ms");
    private static final Duration POLL = Duration.ofMillis(200);

    private final CommandRunner runner;
    private final String uri;
    private final String migrationUri;
    private final Clock clock;
    private final Pause pauser;

    /**
     * A driver for the libvirt at {@code uri}; {@code migrationUri} is what {@link #endpoint} offers as the incoming
     * migration address (null: a unix socket beside a session socket, else libvirt's choice).
     */
    public LibvirtVmDriver(CommandRunner runner, String uri, String migrationUri, Clock clock) {
        this(runner, uri, migrationUri, clock, Pause.sleeping());
    }

    /** As above, waiting between two looks at a domain with {@code pause} (the clock's partner in tests). */
    public LibvirtVmDriver(CommandRunner runner, String uri, String migrationUri, Clock clock, Pause pause) {
        this.pauser = pause;
        this.runner = runner;
        this.uri = uri;
        this.migrationUri = migrationUri != null ? migrationUri : sessionSocket(uri)
                .map(s -> "unix://" + s.getParent().resolve("migrate-%s.sock")).orElse(null);
        this.clock = clock;
    }

    /** Whether {@code virsh} is installed (says nothing about a daemon: see {@link #probe()}). */
    public static boolean installed(CommandRunner runner) {
        try {
            return runner.run(List.of("virsh", "--version")).ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "libvirt";
    }

    public String uri() {
        return uri;
    }

    @Override
    public List<VmStatus> statuses() {
        CommandResult names = virsh("list", "--all", "--name");
        List<VmStatus> all = new ArrayList<>();
        for (String name : names.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).sorted().toList()) {
            all.add(status(name));
        }
        return all;
    }

    @Override
    public VmStatus status(String name) {
        CommandResult r = runner.run(command("domstate", name, "--reason"));
        if (!r.ok()) {
            if (missing(r)) {
                return new VmStatus(name, VmState.MISSING, "not defined on " + uri, name(), 0, null, null);
            }
            return new VmStatus(name, VmState.UNKNOWN, error(r), name(), 0, null, null);
        }
        String text = r.stdout().strip();
        int paren = text.indexOf(" (");
        String state = paren < 0 ? text : text.substring(0, paren);
        String reason = paren < 0 ? "" : text.substring(paren + 2, text.length() - 1);
        VmState vmState = switch (state) {
            case "running", "in shutdown" -> VmState.RUNNING;
            case "paused", "pmsuspended" -> reason.startsWith("migrat") ? VmState.MIGRATING : VmState.PAUSED;
            case "shut off" -> reason.equals("crashed") || reason.equals("failed") ? VmState.CRASHED : VmState.STOPPED;
            case "crashed" -> VmState.CRASHED;
            default -> VmState.UNKNOWN;
        };
        return new VmStatus(name, vmState, reason, name(), vmState.mayRun() ? pid(name) : 0, null, null);
    }

    @Override
    public void define(VmSpec spec) {
        try {
            Path xml = Files.createTempFile("o2pool-domain-" + spec.name(), ".xml");
            try {
                Files.writeString(xml, DomainXml.of(spec));
                virsh("define", xml.toString());
            } finally {
                Files.deleteIfExists(xml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the domain XML of " + spec.name(), e);
        }
    }

    @Override
    public void start(String name) {
        VmStatus now = status(name);
        requireDefined(now);
        if (now.state() == VmState.RUNNING) {
            return;
        }
        virsh("start", name);
    }

    @Override
    public boolean shutdown(String name, Duration timeout) {
        VmStatus now = status(name);
        requireDefined(now);
        if (!now.state().mayRun()) {
            return true;
        }
        CommandResult asked = runner.run(command("shutdown", name));
        long deadline = clock.millis() + timeout.toMillis();
        if (asked.ok()) {
            while (true) {
                if (!status(name).state().mayRun()) {
                    return true;
                }
                if (clock.millis() >= deadline) {
                    break;
                }
                pause(POLL);
            }
        }
        log.warn("VM {} on {}: still running {} ms after virsh shutdown ({}); destroying it", name, uri,
                timeout.toMillis(), asked.ok() ? "the guest ignored it" : error(asked));
        destroy(name);
        return false;
    }

    @Override
    public void destroy(String name) {
        CommandResult r = runner.run(command("destroy", name));
        if (!r.ok() && status(name).state().mayRun()) {
            throw new VmDriverException("virsh destroy " + name + " on " + uri + " failed: " + error(r));
        }
    }

    @Override
    public void undefine(String name) {
        CommandResult r = runner.run(command("undefine", name));
        if (!r.ok() && !missing(r)) {
            throw new VmDriverException("virsh undefine " + name + " on " + uri + " failed: " + error(r));
        }
    }

    @Override
    public Migration migrate(String name, VmEndpoint destination, boolean unsafe, Duration timeout) {
        if (destination.libvirtUri() == null) {
            throw new VmDriverException("cannot migrate " + name + " to " + destination.node() + ": it runs the "
                    + destination.driver() + " VM driver, not libvirt; stop the VM and start it there instead");
        }
        List<String> args = new ArrayList<>(List.of("migrate", "--live", "--persistent", "--undefinesource"));
        if (unsafe) {
            args.add("--unsafe"); // a plain directory: libvirt treats only OCFS2/GFS2 (and NFS…) as shared storage
        }
        args.addAll(List.of(name, destination.libvirtUri()));
        String target = destination.migrationUriFor(name);
        if (target != null) {
            args.addAll(List.of("--migrateuri", target));
            if (target.startsWith("tcp://")) {
                args.addAll(List.of("--listen-address", URI.create(target).getHost()));
            }
        }
        long started = clock.millis();
        CommandResult r = runner.run(command(args.toArray(String[]::new)));
        long elapsed = clock.millis() - started;
        if (!r.ok()) {
            throw new VmDriverException("virsh migrate " + name + " from " + uri + " to " + destination.node() + " ("
                    + destination.libvirtUri() + ") failed after " + elapsed + " ms: " + error(r)
                    + "; the VM keeps running here");
        }
        long downtime = -1;
        CommandResult info = runner.run(List.of("virsh", "-c", destination.libvirtUri(), "domjobinfo", name,
                "--completed"));
        Matcher m = DOWNTIME.matcher(info.stdout());
        if (info.ok() && m.find()) {
            downtime = Long.parseLong(m.group(1));
        }
        return new Migration(elapsed, downtime);
    }

    @Override
    public VmEndpoint endpoint(String node, int nodeNumber) {
        return new VmEndpoint(node, nodeNumber, name(), uri, migrationUri);
    }

    @Override
    public VmLayer probe() {
        CommandResult r;
        try {
            r = runner.run(command("version"));
        } catch (RuntimeException e) {
            return new VmLayer(name(), uri, false, "virsh cannot run: " + e.getMessage(),
                    "install libvirt-clients and libvirt-daemon, or start the agent with --vm-driver process or none");
        }
        if (r.ok()) {
            String detail = r.stdout().lines().map(String::strip).filter(l -> l.startsWith("Using library")
                    || l.startsWith("Running hypervisor")).reduce((a, b) -> a + "; " + b).orElse(r.stdout().strip());
            return new VmLayer(name(), uri, true, detail, null);
        }
        return new VmLayer(name(), uri, false, "virsh -c " + uri + " version failed: " + error(r),
                "start the libvirt daemon this URI names (systemctl start libvirtd), give the right --libvirt-uri, "
                        + "or start the agent with --vm-driver process or none");
    }

    @Override
    public AutoCloseable events(Consumer<DomainEvent> listener) {
        return new VirshEventStream(uri, listener);
    }

    @Override
    public List<Path> pidDirs() {
        return List.of(pidDir());
    }

    /** The owner of a session daemon's socket: QEMU runs as that user and must own the VM's files. */
    @Override
    public Optional<String> fileOwner() {
        return sessionSocket(uri).flatMap(s -> {
            try {
                return Optional.of(Files.getOwner(s).getName());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Where libvirt keeps {@code NAME.pid} of each running QEMU of this instance. */
    Path pidDir() {
        return sessionSocket(uri).map(s -> s.getParent().resolve("qemu/run"))
                .orElse(Path.of(uri.contains("session") ? System.getenv().getOrDefault("XDG_RUNTIME_DIR", "/run/user/0")
                        + "/libvirt/qemu/run" : "/run/libvirt/qemu"));
    }

    private long pid(String name) {
        try {
            String text = Files.readString(pidDir().resolve(name + ".pid")).strip();
            return text.matches("\\d{1,10}") ? Long.parseLong(text) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static Optional<Path> sessionSocket(String uri) {
        int at = uri.indexOf("socket=");
        if (at < 0) {
            return Optional.empty();
        }
        String path = uri.substring(at + "socket=".length());
        int amp = path.indexOf('&');
        return Optional.of(Path.of(amp < 0 ? path : path.substring(0, amp)));
    }

    private void requireDefined(VmStatus status) {
        if (status.state() == VmState.MISSING) {
            throw new NoSuchVmException("VM " + status.name() + " is not defined on libvirt " + uri
                    + "; define it first (PUT /v1/vms/" + status.name() + ")");
        }
    }

    private CommandResult virsh(String... args) {
        CommandResult r = runner.run(command(args));
        if (!r.ok()) {
            if (missing(r) && args.length > 1) {
                throw new NoSuchVmException("VM " + args[1] + " is not defined on libvirt " + uri + ": " + error(r));
            }
            throw new VmDriverException("virsh " + String.join(" ", args) + " on " + uri + " failed: " + error(r));
        }
        return r;
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", uri));
        command.addAll(List.of(args));
        return command;
    }

    private static boolean missing(CommandResult r) {
        String err = r.stderr();
        return err.contains("failed to get domain") || err.contains("Domain not found");
    }

    private static String error(CommandResult r) {
        String text = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip().replace("\n", " ");
        return text.isEmpty() ? "exit " + r.exitCode() : text;
    }

    private void pause(Duration d) {
        try {
            pauser.pause(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmDriverException("interrupted while waiting for libvirt");
        }
    }
}
