package io.o2pool.agent.forensics;

import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sets up netconsole on a kernel-stack node at stack start and takes it down at stack stop, through configfs
 * ({@code <configfs>/netconsole/<target>/}, {@code CONFIG_NETCONSOLE_DYNAMIC}): one target per other member's agent.
 * The module is loaded first ({@code modprobe netconsole}) when configfs has no {@code netconsole} directory yet, as
 * the o2cb init script loads the cluster's modules: Debian builds it as a module and nothing else loads it.
 * Fields can be changed only while {@code enabled} is 0, so each target is written disabled, then enabled; {@code
 * extended} is set to 1 when the kernel offers it (the records then carry level and sequence). It also raises the
 * console log level in {@code /proc/sys/kernel/printk} to 8 so the level-5 o2hb/o2net lines are sent (with {@code
 * quiet} it is 4 and only levels 0-3 go out: {@code forensics.md} §3), remembering the old value for {@link #undo}.
 * Paths come from options so tests use a fake tree. Problems are returned as findings naming the node, the value and
 * the fix; a target that fails is removed again (nothing half-applied).
 */
public final class NetconsoleTargets {
    static final String CONSOLE_LOGLEVEL = "8";

    private final String node;
    private final Path netconsoleDir;
    private final Path printkFile;
    private final CommandRunner modprobe;
    private final List<Path> created = new ArrayList<>();
    private String previousPrintk;

    /**
     * @param node       this node's name, for findings
     * @param configfs   the configfs mount ({@code --configfs}, default {@code /sys/kernel/config})
     * @param printkFile {@code /proc/sys/kernel/printk}
     */
    public NetconsoleTargets(String node, Path configfs, Path printkFile) {
        this(node, configfs, printkFile, null);
    }

    /**
     * As {@link #NetconsoleTargets(String, Path, Path)}, loading the module with {@code modprobe netconsole} through
     * {@code modprobe} (null: never) when its configfs directory is missing.
     */
    public NetconsoleTargets(String node, Path configfs, Path printkFile, CommandRunner modprobe) {
        this.node = node;
        this.netconsoleDir = configfs.resolve("netconsole");
        this.printkFile = printkFile;
        this.modprobe = modprobe;
    }

    /** Creates and enables one target per entry; returns the findings (empty when all went well). */
    public synchronized List<String> apply(List<NetconsoleTarget> targets) {
        List<String> findings = new ArrayList<>();
        String loaded = "";
        if (!Files.isDirectory(netconsoleDir) && modprobe != null && !targets.isEmpty()) {
            CommandResult r = modprobe.run(List.of("modprobe", "netconsole"));
            loaded = r.ok() ? " after modprobe netconsole" : " (modprobe netconsole exited " + r.exitCode() + ": "
                    + r.stderr().strip() + ")";
        }
        if (!Files.isDirectory(netconsoleDir)) {
            findings.add("netconsole is unavailable on " + node + ": " + netconsoleDir + " does not exist" + loaded
                    + "; load the module (modprobe netconsole; the kernel needs CONFIG_NETCONSOLE=m and"
                    + " CONFIG_NETCONSOLE_DYNAMIC=y) and restart the stack, or a fenced node's last kernel lines are"
                    + " lost");
            return findings;
        }
        for (NetconsoleTarget t : targets) {
            Path dir = netconsoleDir.resolve(t.configfsName());
            try {
                if (Files.isDirectory(dir)) {
                    write(dir, "enabled", "0"); // left by an earlier run: fields change only while disabled
                } else {
                    Files.createDirectory(dir);
                }
                created.add(dir);
                write(dir, "dev_name", t.device());
                write(dir, "local_ip", t.localIp());
                write(dir, "remote_ip", t.remoteIp());
                write(dir, "remote_port", Integer.toString(t.remotePort()));
                write(dir, "remote_mac", t.remoteMac());
                if (Files.exists(dir.resolve("extended"))) {
                    write(dir, "extended", "1");
                }
                write(dir, "enabled", "1");
            } catch (IOException | UncheckedIOException e) {
                findings.add("netconsole target " + t.configfsName() + " on " + node + " (to " + t.remoteIp() + ":"
                        + t.remotePort() + " via " + t.device() + ", MAC " + t.remoteMac() + ") could not be set up: "
                        + e.getMessage() + "; check that " + t.device() + " carries " + t.localIp()
                        + " and see dmesg for netpoll's reason");
                remove(dir);
                created.remove(dir);
            }
        }
        findings.addAll(raiseConsoleLevel());
        return findings;
    }

    /** Disables and removes the targets this object created and restores the console log level. */
    public synchronized void undo() {
        for (Path dir : List.copyOf(created)) {
            remove(dir);
        }
        created.clear();
        if (previousPrintk != null) {
            try {
                Files.writeString(printkFile, previousPrintk.split("\\s+")[0]);
            } catch (IOException e) {
                // the level stays raised: harmless, and the stack is stopping
            }
            previousPrintk = null;
        }
    }

    /** The targets currently created by this object (their configfs directories). */
    public synchronized List<Path> created() {
        return List.copyOf(created);
    }

    private List<String> raiseConsoleLevel() {
        try {
            String current = Files.readString(printkFile).trim();
            String[] levels = current.split("\\s+");
            if (Integer.parseInt(levels[0]) >= Integer.parseInt(CONSOLE_LOGLEVEL)) {
                return List.of();
            }
            if (previousPrintk == null) {
                previousPrintk = current;
            }
            Files.writeString(printkFile, CONSOLE_LOGLEVEL);
            return List.of();
        } catch (IOException | NumberFormatException e) {
            return List.of("console log level on " + node + " not raised (" + printkFile + ": " + e.getMessage()
                    + "); the level-5 o2hb/o2net warnings will not reach netconsole; run echo 8 > " + printkFile);
        }
    }

    private static void write(Path dir, String field, String value) throws IOException {
        Files.writeString(dir.resolve(field), value + "\n");
    }

    private static void remove(Path dir) {
        try {
            if (Files.exists(dir.resolve("enabled"))) {
                write(dir, "enabled", "0");
            }
            Files.deleteIfExists(dir); // configfs: rmdir removes the attributes with the item
        } catch (DirectoryNotEmptyException e) {
            try (Stream<Path> files = Files.list(dir)) { // a plain directory (tests): empty it first
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
                Files.delete(dir);
            } catch (IOException ignored) {
                // left behind; the next start rewrites it
            }
        } catch (IOException ignored) {
            // left behind; the next start rewrites it
        }
    }
}
