package io.o2pool.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For crash tests only: at the chosen {@link CrashPoint} the agent records {@code STATE/crash-point-reached} (with the
 * point's name) and then blocks that request forever, so the test can {@code kill -9} the process at exactly that
 * step. Enabled by the environment variable {@code O2POOL_AGENT_CRASH_AT=<POINT>} (halt the first time the point is
 * reached) or {@code <POINT>:<N>} (let it pass N − 1 times, halt the N-th, so one agent process can first complete a
 * change and then crash in the next); never in production. Thread-safe.
 */
public final class HaltingCrashPoints implements CrashPoints {
    public static final String ENVIRONMENT_VARIABLE = "O2POOL_AGENT_CRASH_AT";
    private static final Logger log = LoggerFactory.getLogger(HaltingCrashPoints.class);

    private final CrashPoint target;
    private final int haltAt;
    private final Path marker;
    private final AtomicInteger reached = new AtomicInteger();

    public HaltingCrashPoints(CrashPoint target, Path stateDir) {
        this(target, 1, stateDir);
    }

    /** Halts the {@code haltAt}-th time {@code target} is reached (1: the first time). */
    public HaltingCrashPoints(CrashPoint target, int haltAt, Path stateDir) {
        if (haltAt < 1) {
            throw new IllegalArgumentException("crash point " + target + ": halt at reach " + haltAt + ", not 1 or more");
        }
        this.target = target;
        this.haltAt = haltAt;
        this.marker = stateDir.resolve("crash-point-reached");
    }

    /** The crash points configured by the environment, or {@link CrashPoints#NONE}. */
    public static CrashPoints fromEnvironment(String value, Path stateDir) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String[] parts = value.strip().split(":", 2);
        return new HaltingCrashPoints(CrashPoint.valueOf(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 1,
                stateDir);
    }

    @Override
    public void reached(CrashPoint point) {
        if (point != target || reached.incrementAndGet() != haltAt) {
            return;
        }
        log.warn("crash point {} reached; blocking until killed (test mode, {} is set)", point, ENVIRONMENT_VARIABLE);
        try {
            AtomicFiles.write(marker, point.name().getBytes(StandardCharsets.US_ASCII), false);
            new CountDownLatch(1).await();
        } catch (IOException e) {
            throw new IllegalStateException("cannot record crash point " + point, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at crash point " + point, e);
        }
    }
}
