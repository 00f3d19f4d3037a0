package io.o2pool.cli.client;

import picocli.CommandLine;

/** Creates the command objects for picocli and hands every client command the {@link ClientEnvironment} it runs in. */
public final class ClientFactory implements CommandLine.IFactory {
    private final ClientEnvironment environment;

    public ClientFactory(ClientEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K made = CommandLine.defaultFactory().create(type);
        if (made instanceof ClientCommand command) {
            command.use(environment);
        }
        return made;
    }
}
