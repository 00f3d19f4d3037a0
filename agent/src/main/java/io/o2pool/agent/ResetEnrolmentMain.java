package io.o2pool.agent;

import io.o2pool.agent.auth.EnrolmentStore;
import io.o2pool.agent.auth.PasswordStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code o2pool agent reset-enrolment [--state-dir DIR] [--password-file FILE]}, run on the host by its administrator:
 * forgets the manager this agent is enrolled to, so a (new) manager can enrol with the agent password again; with
 * {@code --password-file} the password becomes that file's first line. A running agent takes both at its next request
 * (it reads its state files when they change). Exit codes: 0 done, 1 failed, 2 bad options.
 */
final class ResetEnrolmentMain {
    static final String HELP = """
            Usage: o2pool agent reset-enrolment [--state-dir DIR] [--password-file FILE]
            Forget the manager this agent is enrolled to: the agent accepts its password again (once), so a new
            manager can enrol. Use it when the manager's key was lost or the server moves to another manager.
              --state-dir DIR       the agent's state directory (default /var/lib/o2pool-agent)
              --password-file FILE  set the agent password to this file's first line (at least 8 characters)
            """;

    private ResetEnrolmentMain() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path stateDir = AgentOptions.DEFAULT_STATE_DIR;
        Path passwordFile = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> {
                    out.print(HELP);
                    return 0;
                }
                case "--state-dir", "--password-file" -> {
                    if (i + 1 >= args.size()) {
                        err.println("o2pool agent reset-enrolment: " + a + " needs a value");
                        return 2;
                    }
                    Path value = Path.of(args.get(++i));
                    if (a.equals("--state-dir")) {
                        stateDir = value;
                    } else {
                        passwordFile = value;
                    }
                }
                default -> {
                    err.println("o2pool agent reset-enrolment: unknown option '" + a + "'\n" + HELP);
                    return 2;
                }
            }
        }
        try {
            if (passwordFile != null) {
                new PasswordStore(stateDir, io.o2pool.agent.auth.PasswordHash.DEFAULT_ITERATIONS).load(passwordFile);
                out.println("agent password set from " + passwordFile);
            }
            var removed = new EnrolmentStore(stateDir).reset();
            out.println(removed.map(e -> "forgot the manager with certificate " + e.managerFingerprint()
                    + " (enrolled " + e.enrolledAt() + "); the agent accepts its password again until a manager"
                    + " enrols").orElse("this agent was not enrolled; it accepts its password"));
            return 0;
        } catch (Exception e) {
            err.println("o2pool agent reset-enrolment: " + e.getMessage());
            return 1;
        }
    }
}
