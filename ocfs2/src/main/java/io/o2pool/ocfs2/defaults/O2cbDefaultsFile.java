package io.o2pool.ocfs2.defaults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An o2cb defaults file as read, before validation: its shell assignments with their line numbers. The init script
 * sources the file with {@code .}, so the reader accepts what a shell assignment can be here — {@code KEY=value},
 * {@code export KEY=value}, single or double quotes, comments and blank lines — and refuses anything else with the
 * line number. Conversion to {@link O2cbDefaults} is strict ({@link #toDefaults()}) or repairing
 * ({@link #toDefaultsRepaired()}, for the configure dialog). An empty value means "not set" and gives the default,
 * as it does for the init script.
 *
 * @param fileName    the file name used in messages
 * @param assignments every assignment in file order (a later one for the same key wins, as in the shell)
 */
public record O2cbDefaultsFile(String fileName, List<Assignment> assignments) {

    /** Debian's location, and the default of {@code o2pool o2cb configure --file}. */
    public static final Path DEBIAN_PATH = Path.of("/etc/default/o2cb");
    /** The Red Hat / SUSE location, which the init script prefers when it exists. */
    public static final Path SYSCONFIG_PATH = Path.of("/etc/sysconfig/o2cb");

    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)");
    private static final Pattern TRAILER = Pattern.compile("[ \\t]*(?:#.*)?");

    /**
     * One {@code KEY=value} line.
     *
     * @param line  1-based line number
     * @param key   the variable name
     * @param value the value with quotes removed
     */
    public record Assignment(int line, String key, String value) {
    }

    /** The result of {@link #toDefaultsRepaired()}: usable values and one warning per value replaced by its default. */
    public record Repaired(O2cbDefaults defaults, List<String> warnings) {
        public Repaired {
            warnings = List.copyOf(warnings);
        }
    }

    public O2cbDefaultsFile {
        assignments = List.copyOf(assignments);
    }

    /**
     * The file the init script would read under {@code root} ({@code /} on a real host): {@code etc/sysconfig/o2cb}
     * if it exists, else {@code etc/default/o2cb} if it exists, else {@code etc/sysconfig/o2cb} if
     * {@code etc/sysconfig} is a directory, else {@code etc/default/o2cb}.
     */
    public static Path locate(Path root) {
        Path sysconfig = root.resolve("etc/sysconfig/o2cb");
        Path debian = root.resolve("etc/default/o2cb");
        if (Files.isRegularFile(sysconfig)) {
            return sysconfig;
        }
        if (Files.isRegularFile(debian)) {
            return debian;
        }
        return Files.isDirectory(root.resolve("etc/sysconfig")) ? sysconfig : debian;
    }

    /** Reads and parses {@code path} (UTF-8). */
    public static O2cbDefaultsFile read(Path path) throws IOException, O2cbDefaultsException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Parses the text of a defaults file.
     *
     * @throws O2cbDefaultsException listing every line that is not a comment, blank or shell assignment
     */
    public static O2cbDefaultsFile parse(String fileName, String text) throws O2cbDefaultsException {
        List<Assignment> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                problems.add(fileName + " line " + lineNo + ": expected KEY=value (a shell assignment), found: "
                        + line);
                continue;
            }
            String value = unquote(m.group(2));
            if (value == null) {
                problems.add(fileName + " line " + lineNo + ": cannot read the value of " + m.group(1)
                        + " (unbalanced quotes or a blank in an unquoted value): " + line);
                continue;
            }
            found.add(new Assignment(lineNo, m.group(1), value));
        }
        if (!problems.isEmpty()) {
            throw new O2cbDefaultsException(problems);
        }
        return new O2cbDefaultsFile(fileName, found);
    }

    /** Removes shell quoting from a value; {@code null} when the value is not one simple word. */
    private static String unquote(String raw) {
        if (raw.isEmpty()) {
            return "";
        }
        char first = raw.charAt(0);
        String value;
        String rest;
        if (first == '"' || first == '\'') {
            int close = raw.indexOf(first, 1);
            if (close < 0) {
                return null;
            }
            value = raw.substring(1, close);
            rest = raw.substring(close + 1);
        } else {
            int end = 0;
            while (end < raw.length() && raw.charAt(end) != ' ' && raw.charAt(end) != '\t') {
                end++;
            }
            value = raw.substring(0, end);
            rest = raw.substring(end);
            if (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
                return null;
            }
        }
        return TRAILER.matcher(rest).matches() ? value : null;
    }

    /** The assignment that sets {@code setting} (the last one, as in the shell), if any. */
    public Optional<Assignment> find(O2cbSetting setting) {
        Assignment last = null;
        for (Assignment a : assignments) {
            if (a.key().equals(setting.key())) {
                last = a;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * The validated values; unset or empty values take their defaults ({@link O2cbDefaults#defaults()}).
     *
     * @throws O2cbDefaultsException listing every refused value with its line and the fix
     */
    public O2cbDefaults toDefaults() throws O2cbDefaultsException {
        List<String> problems = new ArrayList<>();
        O2cbDefaults values = convert(problems);
        if (!problems.isEmpty()) {
            throw new O2cbDefaultsException(problems);
        }
        return values;
    }

    /**
     * Like {@link #toDefaults()}, but each refused value is replaced by its default, with a warning. Only for
     * {@code o2pool o2cb configure}, which shows the values as the defaults of its questions (the init script does
     * the same); anything that runs with the values uses {@link #toDefaults()}, so a bad value is reported, never
     * silently replaced.
     */
    public Repaired toDefaultsRepaired() {
        List<String> problems = new ArrayList<>();
        O2cbDefaults values = convert(problems);
        List<String> warnings = problems.stream().map(p -> p + "; using the default instead").toList();
        return new Repaired(values, warnings);
    }

    private O2cbDefaults convert(List<String> problems) {
        O2cbDefaults base = O2cbDefaults.defaults();
        boolean enabled = base.enabled();
        Optional<Assignment> enabledLine = set(O2cbSetting.ENABLED);
        if (enabledLine.isPresent()) {
            String v = enabledLine.get().value();
            if (v.equals("true") || v.equals("false")) {
                enabled = v.equals("true");
            } else {
                problems.add(at(enabledLine.get(), "Invalid O2CB_ENABLED value: " + v,
                        "set O2CB_ENABLED=true or false"));
            }
        }
        String stack = text(O2cbSetting.STACK, base.stack(), O2cbSetting::checkStack,
                "set O2CB_STACK=" + O2cbDefaults.CLASSIC_STACK, problems);
        String cluster = text(O2cbSetting.BOOTCLUSTER, base.bootCluster(), O2cbSetting::checkBootCluster,
                "set O2CB_BOOTCLUSTER to 1-16 letters and digits, e.g. " + O2cbDefaults.DEFAULT_CLUSTER, problems);
        int threshold = number(O2cbSetting.HEARTBEAT_THRESHOLD, problems);
        int idle = number(O2cbSetting.IDLE_TIMEOUT_MS, problems);
        int keepalive = number(O2cbSetting.KEEPALIVE_DELAY_MS, problems);
        int reconnect = number(O2cbSetting.RECONNECT_DELAY_MS, problems);
        String order = O2cbDefaults.keepaliveOrderProblem(keepalive, idle);
        if (order != null) {
            Assignment where = set(O2cbSetting.KEEPALIVE_DELAY_MS).or(() -> set(O2cbSetting.IDLE_TIMEOUT_MS))
                    .orElseThrow();
            problems.add(fileName + " line " + where.line() + ": " + order + "; lower O2CB_KEEPALIVE_DELAY_MS or"
                    + " raise O2CB_IDLE_TIMEOUT_MS");
            keepalive = O2cbSetting.KEEPALIVE_DELAY_MS.defaultValue();
        }
        return new O2cbDefaults(enabled, stack, cluster, threshold, idle, keepalive, reconnect);
    }

    /** The assignment of {@code setting} when it has a non-empty value. */
    private Optional<Assignment> set(O2cbSetting setting) {
        return find(setting).filter(a -> !a.value().isEmpty());
    }

    private String text(O2cbSetting setting, String fallback, java.util.function.Consumer<String> check, String fix,
                        List<String> problems) {
        Optional<Assignment> a = set(setting);
        if (a.isEmpty()) {
            return fallback;
        }
        try {
            check.accept(a.get().value());
            return a.get().value();
        } catch (IllegalArgumentException e) {
            problems.add(at(a.get(), e.getMessage(), fix));
            return fallback;
        }
    }

    private int number(O2cbSetting setting, List<String> problems) {
        Optional<Assignment> a = set(setting);
        if (a.isEmpty()) {
            return setting.defaultValue();
        }
        try {
            return setting.parseNumber(a.get().value());
        } catch (IllegalArgumentException e) {
            problems.add(at(a.get(), e.getMessage(), "set " + setting.key() + " to " + setting.min()
                    + " or more (default " + setting.defaultValue() + ")"));
            return setting.defaultValue();
        }
    }

    private String at(Assignment a, String message, String fix) {
        return fileName + " line " + a.line() + ": " + message + " (" + a.key() + "=" + a.value() + "); " + fix;
    }
}
