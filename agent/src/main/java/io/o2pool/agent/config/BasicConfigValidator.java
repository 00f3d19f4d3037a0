package io.o2pool.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's built-in validation of a configuration generation, enforcing the SPEC's rules table: node numbers
 * 0–254 and unique, unique names and {@code ip:port}, one {@code ip_port} for all nodes, cluster name 1–16
 * alphanumerics, the o2cb timeouts' minimums, keepalive below the idle timeout, and {@code O2CB_BOOTCLUSTER} naming
 * the cluster. Every problem is reported, each with its line.
 */
public final class BasicConfigValidator implements ConfigValidator {
    private static final String CONF = "clusterConf";
    private static final String DEFAULTS = "o2cbDefaults";

    @Override
    public List<FieldProblem> validate(String poolId, String clusterConf, String o2cbDefaults) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!poolId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problems.add(new FieldProblem("poolId", "pool id '" + poolId + "' must be 1–64 letters, digits, '.', '_' or '-'"));
        }
        String clusterName = validateClusterConf(clusterConf, problems);
        validateDefaults(o2cbDefaults, clusterName, problems);
        return problems;
    }

    private static String validateClusterConf(String text, List<FieldProblem> problems) {
        ClusterConfText conf;
        try {
            conf = ClusterConfText.parse(text);
        } catch (ClusterConfText.SyntaxException e) {
            problems.add(new FieldProblem(CONF, e.getMessage()));
            return null;
        }
        List<ClusterConfText.Stanza> clusters = conf.all("cluster");
        if (clusters.size() != 1) {
            problems.add(new FieldProblem(CONF, "expected exactly one 'cluster:' stanza, found " + clusters.size()
                    + " (one cluster per host)"));
            return null;
        }
        ClusterConfText.Stanza cluster = clusters.get(0);
        String name = cluster.get("name").orElse("");
        if (!name.matches("[A-Za-z0-9]{1,16}")) {
            problems.add(new FieldProblem(CONF, "line " + cluster.line() + ": cluster name '" + name
                    + "' must be 1–16 letters or digits (default ocfs2)"));
        }
        if (cluster.get("node_count").filter(v -> v.matches("\\d+")).isEmpty()) {
            problems.add(new FieldProblem(CONF, "line " + cluster.line() + ": cluster needs node_count = <number of nodes>"));
        }
        String mode = cluster.get("heartbeat_mode").orElse("local");
        if (!mode.equalsIgnoreCase("local") && !mode.equalsIgnoreCase("global")) {
            problems.add(new FieldProblem(CONF, "line " + cluster.line() + ": heartbeat_mode '" + mode
                    + "' must be local or global"));
        }
        validateNodes(conf.all("node"), name, problems);
        return name;
    }

    private static void validateNodes(List<ClusterConfText.Stanza> nodes, String clusterName, List<FieldProblem> problems) {
        Set<String> names = new HashSet<>();
        Map<Integer, Integer> numbers = new HashMap<>();
        Set<String> endpoints = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (ClusterConfText.Stanza node : nodes) {
            String at = "line " + node.line() + ": node '" + node.get("name").orElse("?") + "'";
            for (String key : List.of("name", "number", "ip_address", "ip_port", "cluster")) {
                if (node.get(key).filter(v -> !v.isEmpty()).isEmpty()) {
                    problems.add(new FieldProblem(CONF, at + " has no " + key + "; add '\t" + key + " = ...'"));
                }
            }
            node.get("name").filter(n -> !names.add(n.toLowerCase(java.util.Locale.ROOT))).ifPresent(n ->
                    problems.add(new FieldProblem(CONF, at + ": name is used by another node; node names must be unique")));
            node.get("number").ifPresent(v -> checkNumber(v, at, numbers, node.line(), problems));
            node.get("ip_address").filter(ip -> !isIpv4(ip)).ifPresent(ip ->
                    problems.add(new FieldProblem(CONF, at + ": ip_address '" + ip + "' is not an IPv4 address")));
            node.get("ip_port").ifPresent(p -> {
                if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65534) {
                    problems.add(new FieldProblem(CONF, at + ": ip_port '" + p + "' must be 1–65534 (default 7777)"));
                } else {
                    ports.add(p);
                }
            });
            String endpoint = node.get("ip_address").orElse("") + ":" + node.get("ip_port").orElse("");
            if (!endpoint.equals(":") && !endpoints.add(endpoint)) {
                problems.add(new FieldProblem(CONF, at + ": address " + endpoint + " is used by another node"));
            }
            node.get("cluster").filter(c -> clusterName != null && !c.equals(clusterName)).ifPresent(c ->
                    problems.add(new FieldProblem(CONF, at + ": cluster '" + c + "' is not the configured cluster '"
                            + clusterName + "'")));
        }
        if (ports.size() > 1) {
            problems.add(new FieldProblem(CONF, "nodes use different ip_port values " + ports
                    + "; the port must be the same on every node (default 7777)"));
        }
    }

    private static void checkNumber(String value, String at, Map<Integer, Integer> numbers, int line,
            List<FieldProblem> problems) {
        if (!value.matches("\\d{1,9}")) {
            problems.add(new FieldProblem(CONF, at + ": number '" + value + "' is not a decimal number 0–254"));
            return;
        }
        int number = Integer.parseInt(value);
        if (number > 254) {
            problems.add(new FieldProblem(CONF, at + ": number " + number
                    + " is out of range; node numbers are 0–254 (Nodenum should be >=0 and < 255)"));
        } else if (numbers.putIfAbsent(number, line) != null) {
            problems.add(new FieldProblem(CONF, at + ": number " + number + " is already used by the node at line "
                    + numbers.get(number) + "; choose the lowest free number"));
        }
    }

    private static boolean isIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static void validateDefaults(String text, String clusterName, List<FieldProblem> problems) {
        O2cbDefaultsText defaults;
        try {
            defaults = O2cbDefaultsText.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(DEFAULTS, e.getMessage()));
            return;
        }
        minimum(defaults, "O2CB_HEARTBEAT_THRESHOLD", 31, 7, problems);
        long idle = minimum(defaults, "O2CB_IDLE_TIMEOUT_MS", 30000, 5000, problems);
        long keepalive = minimum(defaults, "O2CB_KEEPALIVE_DELAY_MS", 2000, 1000, problems);
        minimum(defaults, "O2CB_RECONNECT_DELAY_MS", 2000, 2000, problems);
        if (idle > 0 && keepalive > 0 && keepalive >= idle) {
            problems.add(new FieldProblem(DEFAULTS, "line " + defaults.get("O2CB_KEEPALIVE_DELAY_MS").map(O2cbDefaultsText.Entry::line).orElse(0)
                    + ": O2CB_KEEPALIVE_DELAY_MS " + keepalive + " must be less than O2CB_IDLE_TIMEOUT_MS " + idle));
        }
        defaults.get("O2CB_BOOTCLUSTER").filter(e -> clusterName != null && !e.value().equals(clusterName)).ifPresent(e ->
                problems.add(new FieldProblem(DEFAULTS, "line " + e.line() + ": O2CB_BOOTCLUSTER=" + e.value()
                        + " does not name the cluster '" + clusterName + "' of cluster.conf; set O2CB_BOOTCLUSTER="
                        + clusterName)));
    }

    /** The value, or {@code fallback} when absent; -1 after reporting an invalid or too small value. */
    private static long minimum(O2cbDefaultsText defaults, String key, long fallback, long min, List<FieldProblem> problems) {
        var entry = defaults.get(key);
        if (entry.isEmpty() || entry.get().value().isEmpty()) {
            return fallback;
        }
        String value = entry.get().value();
        if (!value.matches("\\d{1,9}")) {
            problems.add(new FieldProblem(DEFAULTS, "line " + entry.get().line() + ": Invalid " + key + " value: " + value));
            return -1;
        }
        long number = Long.parseLong(value);
        if (number < min) {
            problems.add(new FieldProblem(DEFAULTS, "line " + entry.get().line() + ": " + key + " cannot be less than "
                    + min + " (is " + number + ")"));
            return -1;
        }
        return number;
    }
}
