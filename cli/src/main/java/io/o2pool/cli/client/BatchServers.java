package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The servers of a batch and the Add Server fields they share, as {@code server add-batch} and {@code plan add} take
 * them: a FILE (see {@link ServerList}) and/or {@code --host} values, the pool, the type, location, description and
 * the agent credentials. Builds the {@code servers} array of {@code POST /api/servers/batch} and {@code POST
 * /api/plan}, and names the file line of each server in the manager's {@code servers[i]} errors.
 */
final class BatchServers {
    private static final Pattern ENTRY = Pattern.compile("servers\\[(\\d+)\\](\\.[a-z_]+)?");

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "One server per line: "
            + ServerList.FORMAT + " (NAME defaults to HOST; # starts a comment; '-' reads stdin).")
    String file;
    @Option(names = "--host", paramLabel = "HOST[,NAME[,AGENT_PORT]]", description = "A server (repeatable; after"
            + " the FILE's).")
    List<String> hosts = List.of();
    @Option(names = "--pool", required = true, description = "Server Pool Name.")
    String pool;
    @Option(names = "--type", required = true, description = "utility | vm, for every server.")
    String type;
    @Option(names = "--location", description = "Location, for every server.")
    String location;
    @Option(names = "--description", description = "Description, for every server.")
    String description;
    @Mixin
    AgentCredentials credentials;

    private List<ServerSpec> servers = List.of();

    /** Reads the FILE and the {@code --host} values; at least one server is needed. */
    List<ServerSpec> read(ClientEnvironment environment) throws UsageError, IOException {
        ServerList list = new ServerList();
        if (file != null) {
            list.addLines(file.equals("-") ? "stdin" : file, lines(file, environment));
        }
        for (String h : hosts) {
            list.addOption(h);
        }
        if (list.servers().isEmpty()) {
            throw new UsageError(file == null ? "no servers: give a FILE (one " + ServerList.FORMAT + " per line)"
                    + " or --host HOST[,NAME[,AGENT_PORT]]" : file + " lists no servers (one " + ServerList.FORMAT
                    + " per line)");
        }
        servers = list.servers();
        return servers;
    }

    /** The servers the last {@link #read} found. */
    List<ServerSpec> servers() {
        return servers;
    }

    /** The {@code servers} array: each server's host, name, port and the shared fields. */
    ArrayNode entries(ClientEnvironment environment) throws UsageError, IOException {
        List<ServerSpec> specs = read(environment);
        String password = credentials.password(environment);
        if (password == null) {
            throw new UsageError("no agent password: give --agent-password-file FILE, --agent-password or set"
                    + " O2POOL_AGENT_PASSWORD");
        }
        ArrayNode array = ManagerApi.json().createArrayNode();
        for (ServerSpec s : specs) {
            ObjectNode e = array.addObject().put("host", s.host()).put("name", s.name())
                    .put("type", ServerCommand.Add.serverType(type)).put("agent_password", password);
            Integer port = s.agentPort() != null ? s.agentPort() : credentials.agentPort;
            if (port != null) {
                e.put("agent_port", port);
            }
            if (location != null) {
                e.put("location", location);
            }
            if (description != null) {
                e.put("description", description);
            }
        }
        return array;
    }

    /** The manager's failure with each {@code servers[i]} it names followed by where the operator wrote server i. */
    ApiFailure explain(ApiFailure failure) {
        String message = withOrigins(failure.getMessage());
        return new ApiFailure(failure.status(), failure.field() == null ? null : withOrigins(failure.field()),
                message);
    }

    private String withOrigins(String text) {
        Matcher m = ENTRY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            String where = i < servers.size() ? " (" + servers.get(i).origin() + ", " + servers.get(i).name() + ")"
                    : "";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group() + where));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> lines(String file, ClientEnvironment environment) throws UsageError, IOException {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(environment.in(), StandardCharsets.UTF_8)).lines()
                    .toList();
        }
        try {
            return Files.readAllLines(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageError("no file " + file + " (a server list: one " + ServerList.FORMAT + " per line)");
        }
    }
}
