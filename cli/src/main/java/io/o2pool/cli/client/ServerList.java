package io.o2pool.cli.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the servers of {@code o2pool server add-batch} and {@code o2pool plan add}: one server per line (or per
 * {@code --host} value), {@code HOST [NAME] [AGENT_PORT]}, fields separated by spaces, tabs or commas; {@code #}
 * starts a comment; blank lines are skipped. NAME (the o2cb node name, the server's host name) defaults to HOST
 * unless HOST is an IP address. Every error names the file and line, the value, and what to write instead; a
 * duplicate name or host names both lines.
 */
final class ServerList {
    /** The manager's Server Host/IP and Server Name patterns (checked again there). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    static final String FORMAT = "HOST [NAME] [AGENT_PORT]";

    private final List<ServerSpec> servers = new ArrayList<>();
    private final Map<String, String> nameOrigins = new HashMap<>();
    private final Map<String, String> hostOrigins = new HashMap<>();

    /** The servers read so far, in order. */
    List<ServerSpec> servers() {
        return List.copyOf(servers);
    }

    /** Reads the lines of {@code source} (a file name, or "stdin"), numbering them from 1. */
    ServerList addLines(String source, List<String> lines) throws UsageError {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!content.isEmpty()) {
                add(content, source + " line " + (i + 1));
            }
        }
        return this;
    }

    /** Reads one {@code --host} value. */
    ServerList addOption(String value) throws UsageError {
        if (value.strip().isEmpty()) {
            throw new UsageError("--host '': give HOST[,NAME[,AGENT_PORT]]");
        }
        return add(value.strip(), "--host " + value.strip());
    }

    private ServerList add(String content, String origin) throws UsageError {
        String[] f = content.split("[\\s,]+");
        if (f.length > 3) {
            throw new UsageError(origin + ": " + f.length + " fields in '" + content + "'; a server is " + FORMAT);
        }
        String host = f[0];
        if (!HOST.matcher(host).matches() || host.length() > 255) {
            throw new UsageError(origin + ": '" + host + "' is not a host name or IP address; a server is " + FORMAT);
        }
        String name = f.length > 1 ? f[1] : null;
        if (name != null && f.length == 2 && DIGITS.matcher(name).matches()) {
            throw new UsageError(origin + ": '" + name + "' looks like an agent port; the name comes first: " + host
                    + " NAME " + name);
        }
        if (name == null) {
            if (IPV4.matcher(host).matches() || host.contains(":")) {
                throw new UsageError(origin + ": " + host + " is an IP address, so the server's name (its host name,"
                        + " the o2cb node name) must follow it: " + host + " NAME [AGENT_PORT]");
            }
            name = host;
        }
        if (!NAME.matcher(name).matches()) {
            throw new UsageError(origin + ": server name '" + name + "' must be letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, at most 64 characters");
        }
        Integer port = f.length > 2 ? port(f[2], origin) : null;
        String seenName = nameOrigins.putIfAbsent(name, origin);
        if (seenName != null) {
            throw new UsageError(origin + ": server name " + name + " is already on " + seenName
                    + "; every server needs its own name");
        }
        String hostKey = host + " " + (port == null ? "default" : port);
        String seenHost = hostOrigins.putIfAbsent(hostKey, origin);
        if (seenHost != null) {
            throw new UsageError(origin + ": host " + host + (port == null ? "" : " agent port " + port)
                    + " is already on " + seenHost + "; each agent is one server");
        }
        servers.add(new ServerSpec(host, name, port, origin));
        return this;
    }

    private static int port(String value, String origin) throws UsageError {
        int port = DIGITS.matcher(value).matches() && value.length() <= 5 ? Integer.parseInt(value) : -1;
        if (port < 1 || port > 65535) {
            throw new UsageError(origin + ": agent port '" + value + "' must be a number from 1 to 65535");
        }
        return port;
    }
}
