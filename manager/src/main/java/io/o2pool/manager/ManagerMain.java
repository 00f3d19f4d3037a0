package io.o2pool.manager;

import io.o2pool.manager.tls.ManagerIdentity;
import io.o2pool.manager.tls.ServedCertificate;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code o2pool manager}: parses the options, starts the manager and runs until the process is
 * stopped (SIGTERM/SIGINT close it cleanly; after kill -9 the next start resumes or rolls back running jobs).
 */
public final class ManagerMain {
    private ManagerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    /** Runs the manager until the JVM shuts down; returns 2 for bad options, 1 when start-up fails. */
    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        ManagerOptions options;
        try {
            options = ManagerOptions.parse(args, System.getenv());
        } catch (ManagerOptions.HelpRequested e) {
            out.print(ManagerOptions.USAGE);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("o2pool manager: " + e.getMessage());
            return 2;
        }
        if (options.printFingerprint()) {
            return printFingerprint(options, out, err);
        }
        Manager manager;
        try {
            manager = Manager.start(options, out);
        } catch (Exception e) {
            err.println("o2pool manager: cannot start: " + e.getMessage());
            return 1;
        }
        out.println("o2pool manager: listening on " + manager.url() + " (data " + options.dataDir() + ")");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.close();
            stopped.countDown();
        }, "o2pool-manager-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code --print-fingerprint}: the served certificate's fingerprint (making the own one if needed). */
    private static int printFingerprint(ManagerOptions options, PrintStream out, PrintStream err) {
        try {
            java.nio.file.Files.createDirectories(options.dataDir());
            ManagerIdentity identity = ManagerIdentity.loadOrCreate(options.dataDir(), options.listenHost(),
                    java.time.Clock.systemUTC());
            ServedCertificate served = Manager.servedCertificate(options, identity);
            out.println(served == null ? identity.fingerprint() : served.fingerprint());
            return 0;
        } catch (Exception e) {
            err.println("o2pool manager: " + e.getMessage());
            return 1;
        }
    }
}
