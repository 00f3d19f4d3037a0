package io.o2pool.agent.config;

import io.o2pool.agent.stack.StackConfig;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfReader;
import io.o2pool.ocfs2.conf.ConfWarning;
import io.o2pool.ocfs2.conf.LoadedConf;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsException;
import io.o2pool.ocfs2.defaults.O2cbDefaultsFile;
import io.o2pool.ocfs2.defaults.O2cbSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates a configuration generation with the {@code ocfs2} module's readers, so the agent accepts
 * exactly what ocfs2-tools loads and o2pool's strict rules allow: cluster.conf must load ({@link ConfReader}) with no
 * strict-rule warning ({@code ConfAudit}: numbers 0–254 and unique, unique names and addresses, one port,
 * node_count), the o2cb defaults must validate ({@link O2cbDefaultsFile#toDefaults()}: the minimums of the
 * {@code ocfs2} table, keepalive below the idle timeout), {@code O2CB_BOOTCLUSTER} must name a cluster of
 * cluster.conf, and that cluster must list this server's node. Every problem is reported with its field, line and
 * column. Each text is parsed once, and the stack's view ({@link StackConfig}) comes out of that same parse.
 *
 * <p>{@link #readLive} reads the live files with the rules the stack needs to run on them (they load, the defaults'
 * values are valid — a bad hand-edited value is a problem naming the file, line and value, never replaced by the
 * default). Thread-safe (immutable).
 */
public final class Ocfs2ConfigValidator implements ConfigValidator {
    static final String CONF = "clusterConf";
    static final String DEFAULTS = "o2cbDefaults";

    private final String nodeName;

    /** The o2cb defaults file as parsed: its assignments (for line numbers) and its validated values. */
    private record Defaults(O2cbDefaultsFile file, O2cbDefaults values) {
    }

    /** A validator for the server whose cluster node name is {@code nodeName} (host name up to the first '.'). */
    public Ocfs2ConfigValidator(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public ParsedConfig check(String poolId, String clusterConf, String o2cbDefaults) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!poolId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problems.add(new FieldProblem("poolId", "pool id '" + poolId
                    + "' must be 1–64 letters, digits, '.', '_' or '-'"));
        }
        Optional<ClusterConf> conf = clusterConf(clusterConf, problems);
        Optional<Defaults> defaults = defaults(DEFAULTS, o2cbDefaults, problems);
        if (conf.isPresent() && defaults.isPresent()) {
            bootCluster(conf.get(), defaults.get(), problems);
        }
        return problems.isEmpty() ? new ParsedConfig(StackConfig.of(conf.orElseThrow(), defaults.orElseThrow().values()),
                List.of()) : new ParsedConfig(null, problems);
    }

    /**
     * The live files as the stack runs on them: cluster.conf must load and define a cluster, the o2cb defaults must
     * load with valid values. Problems name the file by {@code clusterConfName} / {@code o2cbDefaultsName} (the
     * paths the agent reads), the line and the value, and say what to set.
     */
    public static ParsedConfig readLive(String clusterConfName, String clusterConf, String o2cbDefaultsName,
                                        String o2cbDefaults) {
        List<FieldProblem> problems = new ArrayList<>();
        ClusterConf conf = null;
        try {
            conf = ConfReader.parse(clusterConf).conf();
            if (conf.clusters().isEmpty()) {
                problems.add(new FieldProblem(CONF, clusterConfName + " defines no cluster; add a 'cluster:' stanza"
                        + " with name and node_count"));
                conf = null;
            }
        } catch (ConfParseException e) {
            problems.add(new FieldProblem(CONF, clusterConfName + " does not load: " + e.getMessage(), e.line(),
                    e.column()));
        }
        Optional<Defaults> defaults = defaults(o2cbDefaultsName, o2cbDefaults, problems);
        if (conf == null || defaults.isEmpty()) {
            return new ParsedConfig(null, problems);
        }
        return new ParsedConfig(StackConfig.of(conf, defaults.get().values()), List.of());
    }

    private static Optional<ClusterConf> clusterConf(String text, List<FieldProblem> problems) {
        LoadedConf loaded;
        try {
            loaded = ConfReader.parse(text);
        } catch (ConfParseException e) {
            problems.add(new FieldProblem(CONF, e.getMessage(), e.line(), e.column()));
            return Optional.empty();
        }
        for (ConfWarning w : loaded.warnings()) {
            problems.add(new FieldProblem(CONF, w.toString(), w.line(), w.column()));
        }
        if (loaded.conf().clusters().isEmpty()) {
            problems.add(new FieldProblem(CONF, "cluster.conf defines no cluster; add a 'cluster:' stanza with"
                    + " name and node_count"));
            return Optional.empty();
        }
        return loaded.warnings().isEmpty() ? Optional.of(loaded.conf()) : Optional.empty();
    }

    /** Parses the defaults text once; each problem names {@code fileName} and its line ("NAME line N: ..."). */
    private static Optional<Defaults> defaults(String fileName, String text, List<FieldProblem> problems) {
        Pattern line = Pattern.compile("^" + Pattern.quote(fileName) + " line (\\d+): ");
        try {
            O2cbDefaultsFile file = O2cbDefaultsFile.parse(fileName, text);
            return Optional.of(new Defaults(file, file.toDefaults()));
        } catch (O2cbDefaultsException e) {
            for (String problem : e.problems()) {
                Matcher m = line.matcher(problem);
                int lineNo = m.find() ? Integer.parseInt(m.group(1)) : 0;
                problems.add(new FieldProblem(DEFAULTS, problem, lineNo, lineNo > 0 ? 1 : 0));
            }
            return Optional.empty();
        }
    }

    private void bootCluster(ClusterConf conf, Defaults defaults, List<FieldProblem> problems) {
        Optional<Cluster> cluster = conf.cluster(defaults.values().bootCluster());
        if (cluster.isEmpty()) {
            int line = defaults.file().find(O2cbSetting.BOOTCLUSTER).map(O2cbDefaultsFile.Assignment::line).orElse(0);
            List<String> names = conf.clusters().stream().map(Cluster::name).toList();
            problems.add(new FieldProblem(DEFAULTS, (line > 0 ? DEFAULTS + " line " + line + ": " : "")
                    + "O2CB_BOOTCLUSTER=" + defaults.values().bootCluster() + " names no cluster of cluster.conf "
                    + names + "; set O2CB_BOOTCLUSTER=" + names.get(0), line, line > 0 ? 1 : 0));
            return;
        }
        String shortName = nodeName.split("\\.")[0].toLowerCase(Locale.ROOT);
        boolean named = cluster.get().nodes().stream()
                .anyMatch(n -> n.name().split("\\.")[0].toLowerCase(Locale.ROOT).equals(shortName));
        if (!named) {
            problems.add(new FieldProblem(CONF, "cluster '" + cluster.get().name() + "' has no node named '" + nodeName
                    + "' (this server's node name; nodes: " + cluster.get().nodes().stream().map(n -> n.name()).toList()
                    + "); add a node: stanza for this server, or start the agent with --node-name NAME"));
        }
    }
}
