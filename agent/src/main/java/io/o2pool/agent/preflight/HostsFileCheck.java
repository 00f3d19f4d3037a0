package io.o2pool.agent.preflight;

import io.o2pool.agent.api.Finding;
import io.o2pool.agent.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent's own hosts-file check. The resolver uses the first line naming the host, so that line decides: it must
 * give the node's cluster address. A first match on a loopback address is the seed's mistake
 * ({@code 127.0.0.1 localhost vm-host03}) and is refused unless the whole pool is loopback-local (the demo).
 * Each finding names the file and line and gives the fix as lines to write.
 */
public final class HostsFileCheck implements HostsCheck {
    @Override
    public List<Finding> check(String hostsFile, String hostsText, String nodeName, String address, boolean loopbackPool) {
        String shortName = nodeName.split("\\.")[0].toLowerCase(Locale.ROOT);
        String wanted = address + " " + nodeName;
        List<Finding> findings = new ArrayList<>();
        String[] lines = hostsText.split("\n", -1);
        boolean decided = false;
        for (int i = 0; i < lines.length; i++) {
            String content = lines[i].replaceFirst("#.*", "").strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            boolean names = false;
            for (int f = 1; f < fields.length; f++) {
                String name = fields[f].toLowerCase(Locale.ROOT);
                names |= name.equals(nodeName.toLowerCase(Locale.ROOT)) || name.equals(shortName);
            }
            if (!names) {
                continue;
            }
            String ip = fields[0];
            String where = hostsFile + " line " + (i + 1);
            boolean loopback = ip.startsWith("127.") || ip.equals("::1");
            if (!decided) {
                decided = true;
                if (ip.equals(address)) {
                    continue;
                }
                if (loopback && !loopbackPool) {
                    findings.add(new Finding("hosts.loopback", Severity.ERROR, where + " maps the node name "
                            + nodeName + " to the loopback address " + ip + "; o2cb would not find the node by its "
                            + "cluster address " + address, lines[i].strip(),
                            "in " + hostsFile + " remove " + nodeName + " from line " + (i + 1) + " (keep '"
                                    + without(fields, nodeName, shortName) + "') and add the line '" + wanted + "'"));
                } else {
                    findings.add(new Finding("hosts.wrong-address", Severity.ERROR, where + " maps the node name "
                            + nodeName + " to " + ip + ", not to its cluster address " + address, lines[i].strip(),
                            "in " + hostsFile + " change line " + (i + 1) + " to '" + wanted + "'"));
                }
            } else if (!ip.equals(address) && !loopback) {
                findings.add(new Finding("hosts.conflicting", Severity.WARNING, where + " also maps " + nodeName
                        + " to " + ip, lines[i].strip(), "remove line " + (i + 1) + " from " + hostsFile));
            }
        }
        if (!decided) {
            findings.add(new Finding("hosts.missing", Severity.ERROR, hostsFile + " does not map the node name "
                    + nodeName, "(no line names " + nodeName + ")", "add the line '" + wanted + "' to " + hostsFile));
        }
        return findings;
    }

    private static String without(String[] fields, String nodeName, String shortName) {
        StringBuilder kept = new StringBuilder(fields[0]);
        for (int f = 1; f < fields.length; f++) {
            String name = fields[f].toLowerCase(Locale.ROOT);
            if (!name.equals(nodeName.toLowerCase(Locale.ROOT)) && !name.equals(shortName)) {
                kept.append(' ').append(fields[f]);
            }
        }
        return kept.toString();
    }
}
