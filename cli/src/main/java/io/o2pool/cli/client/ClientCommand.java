package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * Base of every command that talks to the manager: resolves the manager URL and token, runs the command, prints
 * JSON when {@code --json} is given, and maps failures to {@link ExitCode}s with a message on stderr.
 */
public abstract class ClientCommand implements Callable<Integer> {
    @Option(names = "--url", description = "Manager URL (default: $O2POOL_URL, the login file, or "
            + ManagerTarget.DEFAULT_URL + ").")
    String url;

    @Option(names = "--json", description = "Print the manager's JSON instead of a table.")
    protected boolean json;

    private ClientEnvironment environment = ClientEnvironment.system();
    protected PrintStream out = environment.out();
    protected PrintStream err = environment.err();

    /** Runs this command in {@code environment} instead of the process's (called by {@link ClientFactory}). */
    void use(ClientEnvironment environment) {
        this.environment = environment;
        this.out = environment.out();
        this.err = environment.err();
    }

    /** The environment variables and streams this command runs with. */
    protected ClientEnvironment environment() {
        return environment;
    }

    /** Runs the command against the manager; returns the exit code. */
    protected abstract ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError;

    @Override
    public final Integer call() {
        try {
            ManagerTarget target = ManagerTarget.resolve(url, environment.variables(),
                    LoginFile.from(environment.variables()));
            return execute(new ManagerApi(target)).code();
        } catch (ApiFailure f) {
            err.println("o2pool: " + (f.field() != null && !f.getMessage().contains(f.field())
                    ? f.field() + ": " : "") + f.getMessage());
            return f.exitCode().code();
        } catch (UsageError e) {
            err.println("o2pool: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (IOException e) {
            err.println("o2pool: " + e.getMessage());
            return ExitCode.FAILED.code();
        }
    }

    /** Prints a node as indented JSON. */
    protected void printJson(JsonNode node) throws IOException {
        out.println(ManagerApi.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** Text of a JSON field, or "" when absent or null. */
    protected static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
