package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfFile;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfWarning;
import io.o2pool.ocfs2.conf.EditFailure;
import io.o2pool.ocfs2.conf.LoadedConf;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code o2pool o2cb_ctl ...}: accepts the command lines of the seed document verbatim ({@code -C -n ocfs2 -t
 * cluster -i}, {@code -C -n vm-host03 -t node -i -a cluster=ocfs2 -a number=0 -a ip_address=... -a ip_port=7777},
 * {@code -I}, {@code -D}) on {@code -c FILE} (default /etc/ocfs2/cluster.conf), with ocfs2-tools 1.8.7's messages and
 * exit codes ({@code 256 - errno}). Unlike the real tool it needs no kernel, validates everything (node number
 * 0–254, port 1–65535, cluster name, unique address), gives a node without {@code number=} the lowest free number
 * (not node_count), and supports {@code -D}. {@code -i}/{@code -u} (apply to the running cluster) are accepted and
 * reported: o2pool's o2cb_ctl only edits cluster.conf. {@code -H} is not supported. Thread-safe.
 */
public final class O2cbCtlTool {
    private O2cbCtlTool() {
    }

    /** Runs {@code o2cb_ctl} with {@code args} (without the program name). */
    public static ToolResult run(List<String> args, ClusterStackProbe probe) {
        return switch (O2cbCtlOptions.parse(args)) {
            case O2cbCtlOptions.Exit exit -> exit.result();
            case O2cbCtlOptions.Run run -> run(run.options(), probe);
        };
    }

    private static ToolResult run(O2cbCtlOptions options, ClusterStackProbe probe) {
        ToolOutput out = new ToolOutput();
        String precondition = switch (options.operation()) {
            case CREATE -> options.type() == O2cbCtlOptions.ObjectType.NONE || options.objects().isEmpty()
                    ? "Operation '-C' requires an object and an object type" : null;
            case DELETE -> options.objects().isEmpty() ? "Operation '-D' requires an object"
                    : options.objects().size() > 1 ? "Cannot delete more than one object at a time" : null;
            case INFO -> options.type() == O2cbCtlOptions.ObjectType.NONE && options.objects().isEmpty()
                    ? "Operation '-I' requires an object or object type" : null;
            case CHANGE -> null;
            case NONE -> throw new IllegalStateException("parsing refuses a command line without an operation");
        };
        if (options.operation() == O2cbCtlOptions.Operation.CHANGE) {
            return out.err("o2cb_ctl: Operation '-H' is not supported by o2pool's o2cb_ctl; use 'o2pool o2cb'\n")
                    .result(Errno.ENOTSUP.exitCode());
        }
        if (precondition != null) {
            return out.err("o2cb_ctl: " + precondition + "\n").result(Errno.EINVAL.exitCode());
        }
        for (O2cbCtlOptions.Attribute attribute : options.attributes()) {
            if (!O2cbCtlObjects.validAttribute(options.type(), attribute.name())) {
                return out.err("o2cb_ctl: Invalid attribute: \"" + attribute.name() + "\"\n")
                        .result(Errno.EINVAL.exitCode());
            }
        }
        ClusterConf conf;
        try {
            LoadedConf loaded = ConfFile.load(Path.of(options.configFile()));
            for (ConfWarning warning : loaded.warnings()) {
                out.err("o2cb_ctl: warning: " + warning + "\n");
            }
            conf = loaded.conf();
        } catch (ConfParseException | IOException | InvalidPathException e) {
            String reason = e instanceof IOException io ? Errno.of(io).strerror() : e.getMessage();
            return out.err("o2cb_ctl: Unable to load cluster configuration file \"" + options.configFile() + "\": "
                    + reason + "\n").result(Errno.EIO.exitCode());
        }
        O2cbCtlObjects objects = new O2cbCtlObjects(options, conf, out);
        O2cbCtlObjects.Result result = switch (options.operation()) {
            case CREATE -> objects.create();
            case DELETE -> objects.delete();
            case INFO -> objects.info();
            case CHANGE, NONE -> throw new IllegalStateException("handled above");
        };
        if (result.exitCode() != 0 || result.changed().isEmpty()) {
            return out.result(result.exitCode());
        }
        try {
            ConfFile.store(Path.of(options.configFile()), result.changed().get());
        } catch (IOException e) {
            Errno errno = Errno.of(e);
            return out.err("o2cb_ctl: Unable to store cluster configuration file \"" + options.configFile()
                    + "\": " + errno.strerror() + "\n").result(errno.exitCode());
        }
        if (options.modifyRunning()) {
            out.err(probe.running()
                    ? "o2cb_ctl: note: cluster.conf updated; the cluster stack running on this host was not "
                    + "changed (o2pool's o2cb_ctl only edits cluster.conf)\n"
                    : "o2cb_ctl: note: no running cluster stack on this host; cluster.conf updated only\n");
        }
        return out.result(0);
    }

    /** The exit code o2cb_ctl would give a refusal of this kind ({@code 256 - errno}). */
    static int exitCode(EditFailure failure) {
        return switch (failure) {
            case ALREADY_EXISTS -> Errno.EEXIST.exitCode();
            case NOT_FOUND -> Errno.ENOENT.exitCode();
            case OUT_OF_RANGE -> Errno.ERANGE.exitCode();
            case INVALID -> Errno.EINVAL.exitCode();
            case FULL -> Errno.ENOSPC.exitCode();
        };
    }
}
