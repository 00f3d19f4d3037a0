package io.o2pool.agent.config;

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
 * Validates a configuration generation with the {@code ocfs2} module's readers, so the agent accepts exactly what
 * ocfs2-tools loads and o2pool's strict rules allow: cluster.conf must load ({@link ConfReader}) with no strict-rule
 * warning ({@code ConfAudit}: numbers 0–254 and unique, unique names and addresses, one port, node_count), the o2cb
 * defaults must validate ({@link O2cbDefaultsFile#toDefaults()}: the init script's minimums, keepalive below the idle
 * timeout), {@code O2CB_BOOTCLUSTER} must name a cluster of cluster.conf, and that cluster must list this server's
 * node. Every problem is reported with its field, line and column. Thread-safe (immutable).
 */
public final class Ocfs2ConfigValidator implements ConfigValidator {
    static final String CONF = "clusterConf";
    static final String DEFAULTS = "o2cbDefaults";
    private static final Pattern LINE = Pattern.compile("^" + DEFAULTS + " line (\\d+): ");

    private final String nodeName;

    /** A validator for the server whose cluster node name is {@code nodeName} (host name up to the first '.'). */
    public Ocfs2ConfigValidator(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public List<FieldProblem> validate(String poolId, String clusterConf, String o2cbDefaults) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!poolId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problems.add(new FieldProblem("poolId", "pool id '" + poolId
                    + "' must be 1–64 letters, digits, '.', '_' or '-'"));
        }
        Optional<ClusterConf> conf = clusterConf(clusterConf, problems);
        Optional<O2cbDefaults> defaults = defaults(o2cbDefaults, problems);
        if (conf.isPresent() && defaults.isPresent()) {
            bootCluster(conf.get(), defaults.get(), o2cbDefaults, problems);
        }
        return problems;
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

    private static Optional<O2cbDefaults> defaults(String text, List<FieldProblem> problems) {
        try {
            return Optional.of(O2cbDefaultsFile.parse(DEFAULTS, text).toDefaults());
        } catch (O2cbDefaultsException e) {
            for (String problem : e.problems()) {
                Matcher m = LINE.matcher(problem);
                int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
                problems.add(new FieldProblem(DEFAULTS, problem, line, line > 0 ? 1 : 0));
            }
            return Optional.empty();
        }
    }

    private void bootCluster(ClusterConf conf, O2cbDefaults defaults, String defaultsText, List<FieldProblem> problems) {
        Optional<Cluster> cluster = conf.cluster(defaults.bootCluster());
        if (cluster.isEmpty()) {
            int line = bootClusterLine(defaultsText);
            List<String> names = conf.clusters().stream().map(Cluster::name).toList();
            problems.add(new FieldProblem(DEFAULTS, (line > 0 ? DEFAULTS + " line " + line + ": " : "")
                    + "O2CB_BOOTCLUSTER=" + defaults.bootCluster() + " names no cluster of cluster.conf " + names
                    + "; set O2CB_BOOTCLUSTER=" + names.get(0), line, line > 0 ? 1 : 0));
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

    private static int bootClusterLine(String text) {
        try {
            return O2cbDefaultsFile.parse(DEFAULTS, text).find(O2cbSetting.BOOTCLUSTER)
                    .map(O2cbDefaultsFile.Assignment::line).orElse(0);
        } catch (O2cbDefaultsException e) {
            return 0;
        }
    }
}
