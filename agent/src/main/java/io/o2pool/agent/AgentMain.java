package io.o2pool.agent;

import io.o2pool.agent.config.HaltingCrashPoints;
import io.o2pool.agent.exec.SystemCommandRunner;
import io.o2pool.agent.facts.HostInfo;
import io.o2pool.agent.stack.NodeLauncher;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code o2pool agent}: parses the options, starts the agent, prints where it listens and its
 * certificate fingerprint, and serves until the process is asked to stop (SIGTERM from systemd).
 * Exit codes: 0 after a clean stop or {@code --help}, 1 when the agent cannot start, 2 for bad options.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    /** Runs the agent with {@code args} (without the leading {@code agent}); blocks while it serves. */
    public static int run(List<String> args) {
        return run(args, NodeLauncher.system());
    }

    /**
     * As {@link #run(List)}, the userspace stack's nodes built by {@code launcher}: the entry point of test main
     * classes that run a real agent process with faults injected into its heartbeat region.
     */
    public static int run(List<String> args, NodeLauncher launcher) {
        return run(args, System.out, System.err, launcher);
    }

    /** As {@link #run(List)}, printing to {@code out} and {@code err} (tests, the reset-enrolment tool). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, NodeLauncher.system());
    }

    private static int run(List<String> args, PrintStream out, PrintStream err, NodeLauncher launcher) {
        if (!args.isEmpty() && args.getFirst().equals("reset-enrolment")) {
            return ResetEnrolmentMain.run(args.subList(1, args.size()), out, err);
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("o2pool agent: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(AgentOptions.HELP);
            return 0;
        }
        try {
            java.nio.file.Files.createDirectories(options.stateDir());
            AgentLogging.configure(options.stateDir());
            if (options.printFingerprint()) {
                out.println(Agent.identity(options, HostInfo.system(), Clock.systemUTC()).fingerprint());
                return 0;
            }
            Agent agent = Agent.start(options, Clock.systemUTC(), new SystemCommandRunner(Agent.COMMAND_TIMEOUT),
                    HaltingCrashPoints.fromEnvironment(System.getenv(HaltingCrashPoints.ENVIRONMENT_VARIABLE),
                            options.stateDir()), launcher);
            out.println("o2pool agent listening on " + agent.url());
            out.println("certificate SHA-256 fingerprint: " + agent.fingerprint());
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                stopped.countDown();
            }, "o2pool-agent-shutdown"));
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            err.println("o2pool agent: cannot start: " + e.getMessage());
            return 1;
        }
    }
}
