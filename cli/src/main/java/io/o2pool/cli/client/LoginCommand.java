package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code o2pool login}: exchanges the user and password for a token and saves it with the URL. */
@Command(name = "login", description = "Log in to a manager and remember its URL and token.")
public final class LoginCommand extends ClientCommand {
    @Option(names = "--user", defaultValue = "admin", description = "User (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", description = "Password (or $O2POOL_PASSWORD, --password-file, or a prompt).")
    String password;

    @Option(names = "--password-file", description = "File whose first line is the password.")
    Path passwordFile;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
        String pw = password();
        if (pw == null) {
            err.println("o2pool login: no password: give --password, --password-file or O2POOL_PASSWORD");
            return ExitCode.USAGE;
        }
        ManagerApi anonymous = new ManagerApi(new ManagerTarget(api.target().url(), null));
        JsonNode token = anonymous.post("/api/login",
                ManagerApi.json().createObjectNode().put("user", user).put("password", pw));
        LoginFile file = LoginFile.from(environment().variables());
        file.save(api.target().url(), token.path("token").asText());
        if (json) {
            printJson(token);
        } else {
            out.println("logged in to " + api.target().url() + " as " + user + " (token saved in " + file.path()
                    + ", valid until " + text(token, "expires_at") + ")");
        }
        return ExitCode.OK;
    }

    private String password() throws IOException {
        if (password != null) {
            return password;
        }
        if (passwordFile != null) {
            return Files.readAllLines(passwordFile).stream().findFirst().orElse("").strip();
        }
        String env = environment().variable("O2POOL_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        if (System.console() != null) {
            char[] typed = System.console().readPassword("Password for %s: ", user);
            return typed == null ? null : new String(typed);
        }
        return null;
    }
}
