package io.o2pool.cli.client;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a client command reads and writes besides the manager: the environment variables ({@code O2POOL_URL},
 * {@code O2POOL_TOKEN}, {@code O2POOL_LOGIN_FILE}, passwords) and the standard streams. The process's own for the
 * {@code o2pool} command; tests pass their own so that a command run in their JVM neither reads the user's login file
 * nor writes to the console.
 */
public record ClientEnvironment(Map<String, String> variables, InputStream in, PrintStream out, PrintStream err) {
    public ClientEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The process's environment, {@code System.in}, {@code System.out} and {@code System.err}. */
    public static ClientEnvironment system() {
        return new ClientEnvironment(System.getenv(), System.in, System.out, System.err);
    }

    /** The value of an environment variable, or null. */
    public String variable(String name) {
        return variables.get(name);
    }
}
