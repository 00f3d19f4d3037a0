package io.o2pool.agent;

/** The agent's version, from the jar manifest when packaged, else the development version. */
public final class AgentVersion {
    private static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

    private AgentVersion() {
    }

    public static String get() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? DEVELOPMENT : version;
    }
}
