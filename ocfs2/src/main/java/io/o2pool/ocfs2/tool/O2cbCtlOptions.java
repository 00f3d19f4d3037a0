package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.ConfFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code o2cb_ctl}, parsed as ocfs2-tools 1.8.7 parses it (silent {@code getopt} with
 * {@code :hVCDIHiuozn:t:a:-:}) plus o2pool's {@code -c FILE} for the configuration file, which the real tool
 * hard-codes. Either options to run, or the tool's early exit (help, version, or an error with its usage).
 */
record O2cbCtlOptions(Operation operation, ObjectType type, List<String> objects, List<Attribute> attributes,
                      boolean compact, boolean modifyRunning, String configFile) {
    enum Operation { NONE, INFO, CREATE, DELETE, CHANGE }

    enum ObjectType { NONE, CLUSTER, NODE }

    /** An {@code -a name[=value]}; the value is {@code null} without '='. */
    record Attribute(String name, String value) {
    }

    static final String USAGE = """
            Usage: o2cb_ctl -C -n <object> -t <type> [-i] [-a <attribute> ] ...
                   o2cb_ctl -D -n <object> [-u]
                   o2cb_ctl -I [-o|-z] [-n <object>] [-t <type>] [-a <attribute>] ...
                   o2cb_ctl -H [-n <object>] [-t <type>] [-a <attribute>] ...
                   o2cb_ctl -h
                   o2cb_ctl -V
            """;

    /** Parsed options, or the result of an early exit. */
    sealed interface Outcome permits Run, Exit {
    }

    record Run(O2cbCtlOptions options) implements Outcome {
    }

    record Exit(ToolResult result) implements Outcome {
    }

    /** The value of the first {@code -a} with this name, as {@code attr_string} finds it. */
    Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    static Outcome parse(List<String> args) {
        GnuGetopt.Parsed parsed = new GnuGetopt("o2cb_ctl", "hVCDIHiuozn:t:a:-:c:", null,
                GnuGetopt.Ordering.PERMUTE).parse(args);
        ToolOutput out = new ToolOutput();
        Operation op = Operation.NONE;
        ObjectType type = ObjectType.NONE;
        List<String> objects = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        String configFile = ConfFile.DEFAULT_PATH.toString();
        boolean mi = false;
        boolean mu = false;
        boolean mo = false;
        boolean mz = false;
        for (GnuGetopt.Event event : parsed.events()) {
            if (event instanceof GnuGetopt.Problem problem) {
                return usageError(out.err(problem.missingArgument()
                        ? "o2cb_ctl: Option '-" + problem.option() + "' requires an argument\n"
                        : "o2cb_ctl: Invalid option: '-" + problem.option() + "'\n"));
            }
            GnuGetopt.Option option = (GnuGetopt.Option) event;
            String arg = option.argument();
            switch (option.key()) {
                case "h" -> {
                    return new Exit(ToolResult.ok(USAGE));
                }
                case "V" -> {
                    return new Exit(ToolResult.ok("o2cb_ctl version 1.8.7\n"));
                }
                case "-" -> {
                    if (arg.equals("version")) {
                        return new Exit(ToolResult.ok("o2cb_ctl version 1.8.7\n"));
                    }
                    if (arg.equals("help")) {
                        return new Exit(ToolResult.ok(USAGE));
                    }
                    return usageError(out.err("o2cb_ctl: Invalid option: '--" + arg + "'\n"));
                }
                case "C", "D", "I", "H" -> {
                    if (op != Operation.NONE) {
                        return usageError(out);
                    }
                    op = switch (option.key()) {
                        case "C" -> Operation.CREATE;
                        case "D" -> Operation.DELETE;
                        case "I" -> Operation.INFO;
                        default -> Operation.CHANGE;
                    };
                }
                case "i" -> mi = true;
                case "u" -> mu = true;
                case "z" -> mz = true;
                case "o" -> mo = true;
                case "c" -> configFile = arg;
                case "n" -> {
                    if (arg.isEmpty()) {
                        return usageError(out.err("o2cb_ctl: Argument to '-n' cannot be \"\"\n"));
                    }
                    objects.add(arg);
                }
                case "t" -> {
                    if (arg.isEmpty()) {
                        return usageError(out.err("o2cb_ctl: Argument to '-t' cannot be \"\"\n"));
                    }
                    if (!arg.equals("cluster") && !arg.equals("node")) {
                        return usageError(out.err("o2cb_ctl: Object type \"" + arg + "\" is invalid\n"));
                    }
                    type = arg.equals("cluster") ? ObjectType.CLUSTER : ObjectType.NODE;
                }
                default -> {
                    if (arg.isEmpty()) {
                        return usageError(out.err("o2cb_ctl: Argument to '-a' cannot be \"\"\n"));
                    }
                    int equals = arg.indexOf('=');
                    if (equals == 0) {
                        return usageError(out);
                    }
                    attributes.add(equals < 0 ? new Attribute(arg, null)
                            : new Attribute(arg.substring(0, equals), arg.substring(equals + 1)));
                }
            }
        }
        if (!parsed.operands().isEmpty()) {
            out.err("o2cb_ctl: Extraneous arguments: \"" + String.join(" ", parsed.operands()) + "\"\n");
            return new Exit(out.err(USAGE).result(Errno.E2BIG.exitCode()));
        }
        char wrong = mu && op != Operation.DELETE ? 'u' : mi && op != Operation.CREATE ? 'i'
                : mz && op != Operation.INFO ? 'z' : mo && op != Operation.INFO ? 'o' : 0;
        if (wrong != 0) {
            return usageError(out.err("o2cb_ctl: Argument '-" + wrong + "' is not valid for this operation\n"));
        }
        if (mz && mo) {
            return usageError(out.err("o2cb_ctl: Cannot specify '-z' and '-o' at the same time\n"));
        }
        if (op == Operation.NONE) {
            return usageError(out.err("o2cb_ctl: You must specify an operation\n"));
        }
        return new Run(new O2cbCtlOptions(op, type, List.copyOf(objects), List.copyOf(attributes), mo,
                mi || mu, configFile));
    }

    private static Outcome usageError(ToolOutput out) {
        return new Exit(out.err(USAGE).result(Errno.EINVAL.exitCode()));
    }
}
