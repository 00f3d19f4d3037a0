package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool user add|remove|passwd|list}: the manager's users and their roles (admin, operator, viewer). Passwords
 * never travel as arguments (they would show in {@code ps} and shell history): from a file, standard input, the
 * environment or a prompt.
 */
@Command(name = "user", description = "Manager users and roles: add, remove, passwd, list (admins manage users).",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class,
            UserCommand.ListUsers.class})
public final class UserCommand {
    private UserCommand() {
    }

    /** Where a new password comes from: {@code --password-file}, {@code --password-stdin}, the environment, a prompt. */
    static final class NewPassword {
        @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the new"
                + " password.")
        Path file;
        @Option(names = "--password-stdin", description = "Read the new password from the first line of standard"
                + " input.")
        boolean stdin;

        String read(ClientCommand command, String user) throws IOException, UsageError {
            if (file != null) {
                return Files.readAllLines(file).stream().findFirst().orElse("").strip();
            }
            if (stdin) {
                var reader = new BufferedReader(new InputStreamReader(command.environment().in(),
                        StandardCharsets.UTF_8));
                String line = reader.readLine();
                return line == null ? "" : line.strip();
            }
            String env = command.environment().variable("O2POOL_NEW_PASSWORD");
            if (env != null && !env.isEmpty()) {
                return env;
            }
            if (System.console() != null) {
                char[] first = System.console().readPassword("New password for %s: ", user);
                char[] again = System.console().readPassword("Again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    throw new UsageError("the two passwords differ; nothing changed");
                }
                return new String(first);
            }
            throw new UsageError("no password: give --password-file FILE, --password-stdin or O2POOL_NEW_PASSWORD"
                    + " (passwords are never taken as arguments)");
        }
    }

    /** {@code o2pool user add NAME --role ROLE}. */
    @Command(name = "add", description = "Add a user with a role: admin (everything, users), operator (pools,"
            + " servers, jobs) or viewer (read only).")
    public static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, operator or viewer.")
        String role;
        @picocli.CommandLine.Mixin
        NewPassword password = new NewPassword();

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
            JsonNode user = api.post("/api/users", ManagerApi.json().createObjectNode().put("name", name)
                    .put("password", password.read(this, name)).put("role", role));
            if (json) {
                printJson(user);
            } else {
                out.println("user " + text(user, "name") + " added with role " + role(user));
            }
            return ExitCode.OK;
        }
    }

    /** {@code o2pool user remove NAME}. */
    @Command(name = "remove", description = "Remove a user; its sessions end at once (the last admin stays).")
    public static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            api.delete("/api/users/" + name);
            if (json) {
                printJson(ManagerApi.json().createObjectNode().put("name", name).put("removed", true));
            } else {
                out.println("user " + name + " removed (its sessions revoked)");
            }
            return ExitCode.OK;
        }
    }

    /** {@code o2pool user passwd NAME}. */
    @Command(name = "passwd", description = "Set a user's password (an admin for anyone; anyone for themselves, with"
            + " the current password); the user's other sessions end.")
    public static final class Passwd extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;
        @picocli.CommandLine.Mixin
        NewPassword password = new NewPassword();
        @Option(names = "--current-password-file", paramLabel = "FILE", description = "Your current password, when"
                + " you change your own and are not an admin (or $O2POOL_PASSWORD).")
        Path current;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
            var body = ManagerApi.json().createObjectNode().put("password", password.read(this, name));
            String currentPassword = current != null
                    ? Files.readAllLines(current).stream().findFirst().orElse("").strip()
                    : environment().variable("O2POOL_PASSWORD");
            if (currentPassword != null && !currentPassword.isEmpty()) {
                body.put("current_password", currentPassword);
            }
            api.post("/api/users/" + name + "/password", body);
            if (json) {
                printJson(ManagerApi.json().createObjectNode().put("name", name).put("password_changed", true));
            } else {
                out.println("password of " + name + " changed; its other sessions are revoked");
            }
            return ExitCode.OK;
        }
    }

    /** {@code o2pool user list}. */
    @Command(name = "list", description = "List users with their roles.")
    public static final class ListUsers extends ClientCommand {
        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode users = api.get("/api/users");
            if (json) {
                printJson(users);
                return ExitCode.OK;
            }
            TextTable table = new TextTable("NAME", "ROLE", "CREATED");
            users.forEach(u -> table.row(text(u, "name"), role(u), text(u, "created_at")));
            out.print(table.render());
            return ExitCode.OK;
        }
    }

    private static String role(JsonNode user) {
        return user.path("role").asText().toLowerCase(Locale.ROOT);
    }
}
