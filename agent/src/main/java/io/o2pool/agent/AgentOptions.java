package io.o2pool.agent;

import io.o2pool.agent.auth.PasswordHash;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's start options: command line ({@code --name VALUE} or {@code --name=VALUE}) over an optional config file
 * ({@code --config FILE}, {@code name = value} lines with the same names) over the defaults. Immutable; parse errors
 * are {@link IllegalArgumentException}s whose message says what to change.
 */
public record AgentOptions(InetSocketAddress listen, Path stateDir, Path passwordFile, Path configFile, String nodeName,
        Path clusterConf, Path o2cbDefaults, Path hostsFile, String stack, String vmDriver, Path configfs,
        Path initScript, Path mountRoot, List<Path> repositoryRoots, Path procMounts, Path debugfs, int passwordIterations,
        boolean help, boolean printFingerprint, String libvirtUri, String libvirtMigrationUri, Path tinyGuest,
        boolean vmGuard, int netconsolePort, String kernelLog, Path pstore) {

    public static final int DEFAULT_PORT = 8899;
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/o2pool-agent");

    /** Option name → default value ({@code null}: no default); also the set of names a config file may use. */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("listen", "0.0.0.0:" + DEFAULT_PORT);
        DEFAULTS.put("state-dir", DEFAULT_STATE_DIR.toString());
        DEFAULTS.put("password-file", null);
        DEFAULTS.put("node-name", null);
        DEFAULTS.put("cluster-conf", "/etc/ocfs2/cluster.conf");
        DEFAULTS.put("o2cb-defaults", "/etc/default/o2cb");
        DEFAULTS.put("hosts-file", "/etc/hosts");
        DEFAULTS.put("stack", "auto");
        DEFAULTS.put("vm-driver", "auto");
        DEFAULTS.put("configfs", "/sys/kernel/config");
        DEFAULTS.put("init-script", "/etc/init.d/o2cb");
        DEFAULTS.put("mount-root", "/var/ovs/mount");
        DEFAULTS.put("repository-root", "");
        DEFAULTS.put("proc-mounts", "/proc/mounts");
        DEFAULTS.put("debugfs", "/sys/kernel/debug");
        DEFAULTS.put("password-iterations", Integer.toString(PasswordHash.DEFAULT_ITERATIONS));
        DEFAULTS.put("libvirt-uri", "qemu:///system");
        DEFAULTS.put("libvirt-migration-uri", null);
        DEFAULTS.put("tiny-guest", System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home")
                + "/.cache") + "/o2pool/tiny-guest");
        DEFAULTS.put("vm-guard", "on");
        DEFAULTS.put("netconsole-port", "6666");
        DEFAULTS.put("kernel-log", "dmesg");
        DEFAULTS.put("pstore", "/sys/fs/pstore");
    }

    /** The text of {@code o2pool agent --help}. */
    public static final String HELP = """
            Usage: o2pool agent [--listen ADDR:PORT] [--state-dir DIR] [--password-file FILE] [--config FILE] [OPTIONS]
                   o2pool agent reset-enrolment [--state-dir DIR] [--password-file FILE]

            Runs the o2pool agent: the HTTPS API through which the manager checks and configures this server
            (facts, preflight, cluster configuration, cluster stack, repository, VMs). At first start it creates a
            self-signed certificate in the state directory and prints its SHA-256 fingerprint; give that fingerprint
            and the agent password to the manager when you add the server. GET /health needs no password; everything
            under /v1/ needs HTTP Basic authentication as user o2pool with the agent password until a manager enrols
            (POST /v1/enrol with its client certificate, done when the server is added): from then on only that
            manager's certificate is accepted, not the password. 'reset-enrolment' forgets the manager (its key lost,
            or the server moves to another manager); with --password-file it also sets a new agent password.

              --listen ADDR:PORT      address and TCP port to serve HTTPS on (default 0.0.0.0:8899)
              --state-dir DIR         state: certificate, password hash, config generations, logs
                                      (default /var/lib/o2pool-agent)
              --password-file FILE    file whose first line is the agent password (8+ characters); its salted
                                      PBKDF2 hash is stored in the state directory, so the file may be deleted
                                      after the first start. Required at the first start.
              --config FILE           file of 'name = value' lines using the option names below; command-line
                                      options win
              --node-name NAME        this server's cluster node name (default: the host name up to the first '.')
              --cluster-conf FILE     live cluster.conf (default /etc/ocfs2/cluster.conf)
              --o2cb-defaults FILE    live o2cb defaults file (default /etc/default/o2cb)
              --hosts-file FILE       hosts file checked by preflight (default /etc/hosts)
              --stack DRIVER          cluster stack: kernel (ocfs2-tools), userspace, or auto (kernel when
                                      ocfs2-tools and configfs are present; default auto)
              --vm-driver DRIVER      VMs: libvirt (the daemon at --libvirt-uri), process (stand-in processes,
                                      STATE/vms/*.vm records), none (no VMs), or auto: libvirt when virsh is
                                      installed, else process (default auto; the choice is logged at start)
              --libvirt-uri URI       the libvirt instance this server's VMs run on (default qemu:///system)
              --libvirt-migration-uri URI
                                      where this server receives live migrations: tcp://ADDRESS:PORT or
                                      unix:///PATH/migrate-%s.sock (%s: the VM); default: a unix socket beside a
                                      session socket, else libvirt's choice
              --tiny-guest DIR        the built-in tiny test guest (scripts/build-tiny-guest.sh DIR), copied into
                                      the repository for VMs defined without an image
                                      (default ~/.cache/o2pool/tiny-guest)
              --vm-guard on|off       run the VM guard beside the userspace stack: it destroys this server's guests
                                      when its own disk heartbeat stops advancing (agent killed) before the other
                                      servers can declare it dead (default on)
              --configfs DIR          configfs mount (default /sys/kernel/config)
              --netconsole-port N     UDP port on the --listen address where this agent receives its peers'
                                      netconsole (their kernel's last lines before a fence); 0 turns it off
                                      (default 6666, the kernel's own netconsole remote_port)
              --kernel-log dmesg|FILE this node's kernel log, read for a peer's eviction lines in its fence record:
                                      dmesg runs dmesg --raw; a FILE is read as it is (default dmesg)
              --pstore DIR            pstore mount, read after a fence reboot for the previous boot's ramoops
                                      dumps (default /sys/fs/pstore; see docs/operations.md for the host setup)
              --debugfs DIR           debugfs mount, for the kernel heartbeat's live nodes (default /sys/kernel/debug)
              --init-script FILE      o2cb init script (default /etc/init.d/o2cb)
              --mount-root DIR        where OCFS2 repositories are mounted, as <DIR>/<UUID> (default /var/ovs/mount)
              --repository-root DIR   a directory repositories may be attached from (repeatable; the state directory,
                                      the mount root and /dev are always allowed)
              --password-iterations N PBKDF2-HMAC-SHA256 iterations when the password is (re)hashed
                                      (default 310000; at least 1000; lower only for tests)
              --print-fingerprint     print the certificate fingerprint (creating the certificate if needed) and exit
              -h, --help              show this help and exit

            Ports: 8899/tcp (this API, from the manager), 6666/udp (netconsole, from the other nodes) and the
            cluster's ip_port, 7777/tcp by default (between cluster nodes). See docs/operations.md.
            """;

    /** Parses {@code args}; reads the {@code --config} file if one is named. */
    public static AgentOptions parse(List<String> args) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        boolean help = false;
        boolean printFingerprint = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (arg.equals("--print-fingerprint")) {
                printFingerprint = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (!DEFAULTS.containsKey(name) && !name.equals("config")) {
                throw new IllegalArgumentException("unknown option --" + name + "; see o2pool agent --help");
            }
            given.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        Path configFile = given.containsKey("config") ? Path.of(last(given, "config")) : null;
        Map<String, List<String>> merged = new LinkedHashMap<>();
        if (configFile != null) {
            merged.putAll(readConfigFile(configFile));
        }
        merged.putAll(given);
        return build(merged, configFile, help, printFingerprint);
    }

    private static AgentOptions build(Map<String, List<String>> values, Path configFile, boolean help, boolean printFingerprint) {
        Path stateDir = Path.of(value(values, "state-dir")).toAbsolutePath().normalize();
        String nodeName = value(values, "node-name");
        String stack = value(values, "stack");
        if (!List.of("auto", "kernel", "userspace").contains(stack)) {
            throw new IllegalArgumentException("--stack " + stack + ": use kernel, userspace or auto");
        }
        String vm = value(values, "vm-driver");
        if (!List.of("auto", "libvirt", "process", "none").contains(vm)) {
            throw new IllegalArgumentException("--vm-driver " + vm + ": use libvirt, process, none or auto");
        }
        String libvirtUri = value(values, "libvirt-uri");
        if (!libvirtUri.matches("[a-z0-9+]+://.*")) {
            throw new IllegalArgumentException("--libvirt-uri " + libvirtUri + ": give a libvirt URI such as "
                    + "qemu:///system or qemu:///session?socket=/run/user/1000/libvirt/libvirt-sock");
        }
        String migrationUri = value(values, "libvirt-migration-uri");
        if (migrationUri != null && !migrationUri.startsWith("tcp://") && !migrationUri.startsWith("unix://")) {
            throw new IllegalArgumentException("--libvirt-migration-uri " + migrationUri + ": give tcp://ADDRESS:PORT "
                    + "or unix:///PATH/migrate-%s.sock");
        }
        String guard = value(values, "vm-guard");
        if (!List.of("on", "off").contains(guard)) {
            throw new IllegalArgumentException("--vm-guard " + guard + ": use on or off");
        }
        List<Path> roots = values.getOrDefault("repository-root", List.of()).stream().filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
        String passwordFile = value(values, "password-file");
        String iterations = value(values, "password-iterations");
        if (!iterations.matches("\\d{4,8}")) {
            throw new IllegalArgumentException("--password-iterations " + iterations + ": give a number from "
                    + PasswordHash.MIN_ITERATIONS + " to 99999999 (default " + PasswordHash.DEFAULT_ITERATIONS + ")");
        }
        String netconsole = value(values, "netconsole-port");
        if (!netconsole.matches("\\d{1,5}") || Integer.parseInt(netconsole) > 65535) {
            throw new IllegalArgumentException("--netconsole-port " + netconsole + ": give a UDP port 1-65535, or 0 to"
                    + " turn the netconsole receiver off (default 6666)");
        }
        return new AgentOptions(listen(value(values, "listen")), stateDir,
                passwordFile == null ? null : Path.of(passwordFile), configFile, nodeName,
                Path.of(value(values, "cluster-conf")), Path.of(value(values, "o2cb-defaults")),
                Path.of(value(values, "hosts-file")), stack, vm, Path.of(value(values, "configfs")),
                Path.of(value(values, "init-script")), Path.of(value(values, "mount-root")), roots,
                Path.of(value(values, "proc-mounts")), Path.of(value(values, "debugfs")), Integer.parseInt(iterations),
                help, printFingerprint, libvirtUri, migrationUri, Path.of(value(values, "tiny-guest")),
                guard.equals("on"), Integer.parseInt(netconsole), value(values, "kernel-log"),
                Path.of(value(values, "pstore")));
    }

    /** Parses {@code ADDR:PORT} (IPv4 literal or {@code 0.0.0.0}); {@code :PORT} or {@code PORT} alone listen on all addresses. */
    static InetSocketAddress listen(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : text.substring(0, colon);
        String port = colon < 0 ? text : text.substring(colon + 1);
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("--listen " + text + ": the port must be 0–65535 (default 8899)");
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("--listen " + text + ": give an IPv4 address such as 192.168.3.153:8899");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen " + text + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> readConfigFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("config file " + file + ": unknown setting '" + name
                        + "'; settings are " + DEFAULTS.keySet());
            }
            String value = properties.getProperty(name).strip();
            values.put(name, name.equals("repository-root") ? Arrays.asList(value.split("[,\\s]+")) : List.of(value));
        }
        return values;
    }

    private static String value(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? DEFAULTS.get(name) : list.get(list.size() - 1);
    }

    private static String last(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list.get(list.size() - 1);
    }
}
