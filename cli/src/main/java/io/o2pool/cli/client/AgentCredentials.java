package io.o2pool.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that say how the manager logs in to a server's agent: its password and port. */
final class AgentCredentials {
    @Option(names = "--agent-password", description = "The agent password set at install.")
    String agentPassword;
    @Option(names = "--agent-password-file", description = "File whose first line is the agent password.")
    Path agentPasswordFile;
    @Option(names = "--agent-port", description = "Agent port (default 8899).")
    Integer agentPort;

    /** The agent password from the options or $O2POOL_AGENT_PASSWORD; null when none is given. */
    String password(ClientEnvironment environment) throws IOException {
        if (agentPassword != null) {
            return agentPassword;
        }
        if (agentPasswordFile != null) {
            return Files.readAllLines(agentPasswordFile).stream().findFirst().orElse("").strip();
        }
        return environment.variable("O2POOL_AGENT_PASSWORD");
    }
}
