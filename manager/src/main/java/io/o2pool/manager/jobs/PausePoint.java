package io.o2pool.manager.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For crash tests only: a place in the job engine where a test can freeze the manager and {@code kill -9} it at an
 * exact moment. The engine calls {@link #stepDone} after a step's work is done and before the step is recorded
 * SUCCEEDED, the moment a restart must cope with (the agents changed, the store does not know yet). Enabled by the
 * environment variable {@value #ENVIRONMENT_VARIABLE}{@code =<step name>}; never in production.
 */
@FunctionalInterface
public interface PausePoint {
    String ENVIRONMENT_VARIABLE = "O2POOL_MANAGER_PAUSE_AT";
    /** The file written (with {@code jobId step}) in the data directory when the pause point is reached. */
    String MARKER = "pause-point-reached";

    /** Called after {@code step} of job {@code jobId} ran successfully, before it is recorded. */
    void stepDone(long jobId, String step) throws InterruptedException;

    /** No pause: production. */
    PausePoint NONE = (jobId, step) -> { };

    /** Blocks forever after step {@code stepName} of any job, after writing {@code dataDir/}{@value #MARKER}. */
    static PausePoint at(String stepName, Path dataDir) {
        if (stepName == null || stepName.isBlank()) {
            return NONE;
        }
        Logger log = LoggerFactory.getLogger(PausePoint.class);
        return (jobId, step) -> {
            if (!step.equals(stepName.strip())) {
                return;
            }
            log.warn("job {} step {} done; pausing until killed (test mode, {} is set)", jobId, step,
                    ENVIRONMENT_VARIABLE);
            try {
                Files.writeString(dataDir.resolve(MARKER), jobId + " " + step + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the pause point in " + dataDir, e);
            }
            new CountDownLatch(1).await();
        };
    }
}
