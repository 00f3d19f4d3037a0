package io.o2pool.e2e.kvm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Boots up to {@value #MAX_GUESTS} QEMU guests (TCG: software emulation, as the host's /dev/kvm cannot boot a Debian
 * kernel) on one private vde switch and shared raw disks, and tears everything down by process id. Per run:
 * a directory under {@code target/kvm-runs/} with the disks, the console logs, the switch and control sockets.
 *
 * <p>Network isolation: the guests' cluster NICs are on the vde switch only (no host address on it). Each guest's
 * second NIC is QEMU user-mode networking with {@code restrict=on} (the guest can reach nothing) whose only opening is
 * a forward from the host's 127.0.0.1:&lt;port&gt; to the guest's agent port 8899. {@code -nodefaults} keeps QEMU
 * from adding any other device.
 */
final class KvmHarness implements AutoCloseable {
    static final int MAX_GUESTS = 5;
    /** Guest RAM: the initramfs root (~200 MiB), the agent's JVM and the kernel. */
    static final int MEMORY_MIB = 768;
    /** TCG translation cache; QEMU's default (1 GiB) would double each guest's host memory. */
    static final int TB_SIZE_MIB = 128;
    private static final int FIRST_PORT = 47800;
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(3);

    private final Path run;
    private final Path kernel;
    private final Path initrd;
    private final Timings timings;
    private final List<Guest> guests = Collections.synchronizedList(new ArrayList<>());
    /** Disks whose logical (and physical) sector size is not QEMU's default 512 bytes. */
    private final Map<Path, Integer> sectorBytes = new ConcurrentHashMap<>();
    /** Every disk {@link #newDisk} made, deleted at {@link #close} (a restarted guest may no longer use one). */
    private final List<Path> disks = Collections.synchronizedList(new ArrayList<>());
    /** How often each guest (by name) was booted: a restarted guest's files get a "-boot2" suffix, and so on. */
    private final Map<String, Integer> boots = new ConcurrentHashMap<>();
    private Long switchPid;

    private KvmHarness(Path run, Path kernel, Path initrd, Timings timings) {
        this.run = run;
        this.kernel = kernel;
        this.initrd = initrd;
        this.timings = timings;
    }

    /**
     * Builds (or reuses) the guest image and creates the run directory {@code target/kvm-runs/<name>-<time>}. The
     * scripts and the directory of the o2pool-agent package come from the system properties the {@code e2e-kvm}
     * profile sets.
     */
    static KvmHarness create(String name, Timings timings) {
        Path scripts = Path.of(required("o2pool.kvm.scripts"));
        Path agentDeb = agentPackage(Path.of(required("o2pool.kvm.agentDebDir")));
        Path runs = Path.of(System.getProperty("o2pool.kvm.runs", "target/kvm-runs"));
        GuestImage image = timings.time("build guest image (cached layers reused)", () -> GuestImage.build(scripts, agentDeb));
        Path run = runs.resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMdd-HHmmss")));
        try {
            Files.createDirectories(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run = run.toAbsolutePath();
        // the image cache keeps only the newest files: another checkout's build may delete ours while this run
        // still boots guests (a restart), so the run boots from hard links of its own (removed at close)
        return new KvmHarness(run, ownLink(run, "vmlinuz", image.kernel()), ownLink(run, "initrd.img", image.initrd()),
                timings);
    }

    /** A hard link to {@code file} in the run directory, or {@code file} itself when it cannot be linked. */
    private static Path ownLink(Path run, String name, Path file) {
        Path link = run.resolve(name);
        try {
            return Files.createLink(link, file);
        } catch (IOException | UnsupportedOperationException e) {
            System.out.println("[kvm] cannot hard-link " + file + " into " + run + " (" + e + "); booting from it");
            return file;
        }
    }

    /** The one {@code o2pool-agent_*.deb} in {@code dir} (packaging/agent/target), with the fix when there is none. */
    private static Path agentPackage(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("o2pool-agent_.*_amd64\\.deb"))
                    .sorted().toList();
            if (debs.size() != 1) {
                throw new IllegalStateException(dir + " holds " + debs.size() + " o2pool-agent_*.deb packages, not one;"
                        + " build it: ./mvnw -pl packaging/agent -am package");
            }
            return debs.getFirst();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + " (build the package: ./mvnw -pl packaging/agent -am"
                    + " package): " + e.getMessage(), e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run with -Pe2e-kvm");
        }
        return value;
    }

    Path runDir() {
        return run;
    }

    Timings timings() {
        return timings;
    }

    /** A new sparse raw disk of {@code sizeMiB} in the run directory. */
    Path newDisk(String name, int sizeMiB) {
        Path disk = run.resolve(name + ".img");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength((long) sizeMiB << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + disk, e);
        }
        disks.add(disk);
        return disk;
    }

    /**
     * A new sparse raw disk of {@code sizeMiB} whose guests see {@code sectorBytes}-byte logical and physical sectors
     * (QEMU's {@code logical_block_size}/{@code physical_block_size}; 4096 makes a "4Kn" disk).
     */
    Path newDisk(String name, int sizeMiB, int sectorBytes) {
        if (sectorBytes != 512 && sectorBytes != 4096) {
            throw new IllegalArgumentException("sector size " + sectorBytes + ": 512 or 4096");
        }
        Path disk = newDisk(name, sizeMiB);
        this.sectorBytes.put(disk, sectorBytes);
        return disk;
    }

    /** Boots the guests in parallel and returns them when each printed its ready line; fails with its console. */
    List<Guest> boot(GuestSpec... specs) {
        if (guests.size() + specs.length > MAX_GUESTS) {
            throw new IllegalArgumentException("at most " + MAX_GUESTS + " guests (~900 MiB of host memory each)");
        }
        startSwitch();
        List<java.util.function.Supplier<Guest>> booting = new ArrayList<>();
        for (GuestSpec spec : specs) {
            booting.add(() -> timings.time("boot " + spec.name(), () -> bootOne(spec)));
        }
        return Parallel.all(booting);
    }

    private synchronized void startSwitch() {
        if (switchPid != null) {
            return;
        }
        Path pidFile = run.resolve("switch.pid");
        exec(List.of("vde_switch", "-s", run.resolve("switch").toString(), "-d", "-p", pidFile.toString()));
        switchPid = readPid(pidFile);
    }

    /**
     * Boots {@code old}'s spec again in a new QEMU, after stopping {@code old}'s if it still runs (a guest that fenced
     * itself has none: the kernel's reset ends QEMU, {@code -no-reboot}). Same disks, addresses and name; the new
     * boot's console, control socket and pid file have a {@code -bootN} suffix, so the old console (the fence) stays.
     */
    Guest restart(Guest old) {
        return restart(old, old.spec());
    }

    /**
     * As {@link #restart(Guest)}, booting {@code spec} instead: the same guest (index and name: addresses, MACs, agent
     * port range) with other disks, as a server whose SAN zoning changed is booted again to see its new LUN.
     */
    Guest restart(Guest old, GuestSpec spec) {
        if (spec.index() != old.spec().index() || !spec.name().equals(old.name())) {
            throw new IllegalArgumentException("restart " + old.name() + " as itself, not as " + spec.name());
        }
        old.close();
        guests.remove(old);
        return timings.time("restart " + old.name(), () -> bootOne(spec));
    }

    private Guest bootOne(GuestSpec spec) {
        String name = spec.name();
        int boot = boots.merge(name, 1, Integer::sum);
        String file = boot == 1 ? name : name + "-boot" + boot;
        Path pidFile = run.resolve(file + ".pid");
        Path console = run.resolve(file + ".console.log");
        Path ctl = run.resolve(file + ".ctl");
        int port = freePort(spec.index());
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64",
                "-accel", "tcg,thread=single,tb-size=" + TB_SIZE_MIB, "-cpu", "max", "-m", Integer.toString(MEMORY_MIB),
                "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-name", name,
                "-kernel", kernel.toString(), "-initrd", initrd.toString(),
                "-append", String.join(" ", Guest.kernelArgs(spec)),
                "-serial", "file:" + console));
        for (int d = 0; d < spec.disks().size(); d++) {
            // shared raw disks: no host cache and no image locking, so every guest sees every write at once
            cmd.addAll(List.of("-drive", "file=" + spec.disks().get(d) + ",format=raw,if=none,id=disk" + d
                            + ",cache=none,aio=threads,file.locking=off",
                    "-device", "virtio-blk-pci,drive=disk" + d + ",share-rw=on,serial=o2disk" + d
                            + sectorOption(spec.disks().get(d))));
        }
        String mac = String.format("%02x", spec.index() + 1);
        cmd.addAll(List.of(
                "-netdev", "vde,id=clu,sock=" + run.resolve("switch"),
                "-device", "virtio-net-pci,netdev=clu,mac=52:54:00:77:00:" + mac,
                "-netdev", "user,id=mgmt,restrict=on,net=10.0.2.0/24,hostfwd=tcp:127.0.0.1:" + port + "-:8899",
                "-device", "virtio-net-pci,netdev=mgmt,mac=52:54:00:99:00:" + mac,
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=ctl,path=" + ctl + ",server=on,wait=off",
                "-device", "virtserialport,chardev=ctl,name=ctl",
                "-pidfile", pidFile.toString(), "-daemonize"));
        exec(cmd);
        Guest guest = new Guest(spec, readPid(pidFile), port, console, ctl);
        guests.add(guest);
        long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
        while (!guest.console().contains("O2POOL-GUEST-READY")) {
            if (!guest.running()) {
                throw new IllegalStateException(name + ": QEMU exited while booting; console:\n" + guest.console());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": not ready after " + BOOT_LIMIT.toSeconds() + " s; console:\n"
                        + guest.console());
            }
            sleep(200);
        }
        return guest;
    }

    private String sectorOption(Path disk) {
        Integer bytes = sectorBytes.get(disk);
        return bytes == null ? "" : ",logical_block_size=" + bytes + ",physical_block_size=" + bytes;
    }

    /** A free TCP port on 127.0.0.1 from 47800 + 10·index on (other runs may hold some). */
    private static int freePort(int index) {
        for (int port = FIRST_PORT + 10 * index; port < FIRST_PORT + 10 * index + 10; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IllegalStateException("no free port in 127.0.0.1:" + (FIRST_PORT + 10 * index) + "+10");
    }

    private static long readPid(Path pidFile) {
        try {
            for (int i = 0; i < 50 && !Files.exists(pidFile); i++) {
                sleep(100);
            }
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid in " + pidFile, e);
        }
    }

    private static void exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops every guest and the switch, by the process ids this harness started; keeps the run directory's logs. */
    @Override
    public void close() {
        List<Guest> all;
        synchronized (guests) {
            all = new ArrayList<>(guests);
        }
        for (Guest g : all) {
            try {
                g.close();
            } catch (RuntimeException e) {
                System.out.println("[kvm] stopping " + g + " failed: " + e.getMessage());
            }
        }
        if (switchPid != null) {
            ProcessHandle.of(switchPid).ifPresent(ProcessHandle::destroy);
        }
        List<Path> large = new ArrayList<>(List.of(kernel, initrd));
        synchronized (disks) {
            large.addAll(disks);
        }
        for (Path p : large) { // the disks and the image links are large and re-made every run; the console logs stay
            if (p.startsWith(run)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left for the next mvn clean
                }
            }
        }
    }
}
