package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.ConfFile;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfWarning;
import io.o2pool.ocfs2.conf.LoadedConf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code o2pool o2cb ...}: the configuration-file verbs of ocfs2-tools 1.8.7's {@code o2cb}, with its option
 * handling ({@code --config-file=PATH} or {@code --config-file PATH}, default /etc/ocfs2/cluster.conf; -v, -h, -V),
 * texts and exit codes, on any file and without a kernel. Where it deliberately differs: every change is checked
 * against the strict rules (port 1–65535, unique ip:port, ... refused with a message naming the value, exit 1);
 * a file the tool rejects gets an error with its line and column instead of {@code Unknown code ____ 251}; values
 * of a loaded file the strict rules refuse are reported as {@code o2cb: warning:} lines; the commands that need
 * the kernel stack are not implemented. Thread-safe if the resolver is.
 */
public final class O2cbTool {
    private static final List<GnuGetopt.LongOption> OPTIONS = List.of(
            new GnuGetopt.LongOption("config-file", true, "config-file"),
            new GnuGetopt.LongOption("help", false, "h"),
            new GnuGetopt.LongOption("verbose", false, "v"),
            new GnuGetopt.LongOption("version", false, "V"));

    private final HostResolver resolver;

    /** The tool with the system resolver (used by add-node without --ip). */
    public O2cbTool() {
        this(HostResolver.system());
    }

    public O2cbTool(HostResolver resolver) {
        this.resolver = resolver;
    }

    /** Runs {@code o2cb} with {@code args} (without the program name). */
    public ToolResult run(List<String> args) {
        ToolOutput out = new ToolOutput();
        GnuGetopt.Parsed parsed = new GnuGetopt("o2cb", "hvV", OPTIONS, GnuGetopt.Ordering.REQUIRE_ORDER)
                .parse(args);
        String configFile = ConfFile.DEFAULT_PATH.toString();
        boolean help = false;
        boolean version = false;
        int verbosity = 0;
        for (GnuGetopt.Event event : parsed.events()) {
            switch (event) {
                case GnuGetopt.Problem problem -> {
                    return out.errLine(problem.message()).err(O2cbCommand.fullUsage()).result(1);
                }
                case GnuGetopt.Option option -> {
                    switch (option.key()) {
                        case "h" -> help = true;
                        case "v" -> verbosity++;
                        case "V" -> version = true;
                        default -> configFile = option.argument();
                    }
                }
            }
        }
        if (version) {
            return out.err("o2cb 1.8.7\n").result(1);
        }
        if (help || parsed.operands().isEmpty()) {
            return out.err(O2cbCommand.fullUsage()).result(1);
        }
        if (verbosity >= 1) {
            out.err("Using config file '" + configFile + "'\n");
        }
        String word = parsed.operands().get(0);
        Optional<O2cbCommand> command = O2cbCommand.of(word);
        if (command.isEmpty()) {
            return out.err("o2cb: Unknown command '" + word + "'\n").err(O2cbCommand.fullUsage()).result(1);
        }
        return run(command.get(), parsed.operands(), configFile, verbosity, out);
    }

    private ToolResult run(O2cbCommand command, List<String> argv, String configFile, int verbosity,
                           ToolOutput out) {
        String loading = " while loading cluster configuration file '" + configFile + "'";
        LoadedConf loaded;
        Path path;
        try {
            path = Path.of(configFile);
            loaded = ConfFile.load(path);
        } catch (ConfParseException e) {
            return out.err("o2cb: " + e.getMessage() + loading + "\n").result(1);
        } catch (IOException e) {
            return out.err("o2cb: " + Errno.of(e).strerror() + loading + "\n").result(1);
        } catch (InvalidPathException e) {
            return out.err("o2cb: " + Errno.ENOENT.strerror() + loading + "\n").result(1);
        }
        for (ConfWarning warning : loaded.warnings()) {
            out.err("o2cb: warning: " + warning + "\n");
        }
        O2cbCall call = new O2cbCall(command, argv, loaded.conf(), verbosity, out);
        O2cbOutcome outcome = dispatch(call);
        if (outcome.exitCode() != 0 || outcome.changed().isEmpty()) {
            return out.result(outcome.exitCode());
        }
        try {
            createDefaultDirectory(path);
            ConfFile.store(path, outcome.changed().get());
        } catch (IOException e) {
            return out.err("o2cb: " + Errno.of(e).comErr() + " while storing the cluster configuration in file '"
                    + configFile + "'\n").result(1);
        }
        return out.result(0);
    }

    private O2cbOutcome dispatch(O2cbCall call) {
        return switch (call.command()) {
            case ADD_CLUSTER -> O2cbClusterVerbs.addCluster(call);
            case REMOVE_CLUSTER -> O2cbClusterVerbs.removeCluster(call);
            case HEARTBEAT_MODE -> O2cbClusterVerbs.heartbeatMode(call);
            case ADD_HEARTBEAT -> O2cbClusterVerbs.addHeartbeat(call);
            case REMOVE_HEARTBEAT -> O2cbClusterVerbs.removeHeartbeat(call);
            case ADD_NODE -> new O2cbNodeVerbs(resolver).addNode(call);
            case REMOVE_NODE -> new O2cbNodeVerbs(resolver).removeNode(call);
            case LIST_CLUSTERS -> O2cbListVerbs.listClusters(call);
            case LIST_CLUSTER, LIST_NODES, LIST_HEARTBEATS -> O2cbListVerbs.list(call);
            case REGISTER_CLUSTER, UNREGISTER_CLUSTER, START_HEARTBEAT, STOP_HEARTBEAT, CLUSTER_STATUS ->
                    call.fail("Command '" + call.command().word() + "' has not been implemented; o2pool's o2cb "
                            + "only edits the cluster configuration file");
        };
    }

    /** o2cb creates /etc/ocfs2 (mode 0755) before storing; o2pool does so only for a file inside it. */
    private static void createDefaultDirectory(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && parent.equals(ConfFile.DEFAULT_PATH.getParent()) && !Files.isDirectory(parent)) {
            Files.createDirectory(parent, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }
}
