package io.o2pool.agent.exec;

import java.time.Duration;

/**
 * Waits between two looks at something outside the agent (o2hb's livenodes, a libvirt domain's state): the seam that
 * pairs with the injected clock, so a test with a fake clock advances it instead of sleeping.
 */
@FunctionalInterface
public interface Pause {
    void pause(Duration duration) throws InterruptedException;

    /** A pause that really sleeps. */
    static Pause sleeping() {
        return d -> Thread.sleep(d.toMillis());
    }
}
