package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.testkit.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed logins per user and address, on a fake clock. */
class LoginThrottleTest {
    private final FakeClock clock = FakeClock.atEpochOfSeed();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(int times, String user, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void tenFailuresInTheWindowLockThatPairUntilTheOldestLeavesIt() {
        fail(LoginThrottle.MAX_FAILURES - 1, "ann", "10.0.0.1");
        assertThat(throttle.wait("ann", "10.0.0.1")).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        fail(1, "ann", "10.0.0.1");
        assertThat(throttle.wait("ann", "10.0.0.1")).hasValue(LoginThrottle.WINDOW.minusSeconds(30));
        assertThat(throttle.wait("ann", "10.0.0.2")).as("another address").isEmpty();
        assertThat(throttle.wait("bob", "10.0.0.1")).as("another user").isEmpty();
        clock.advance(LoginThrottle.WINDOW.minusSeconds(30));
        assertThat(throttle.wait("ann", "10.0.0.1")).as("the first nine left the window").isEmpty();
    }

    @Test
    void successClearsThePair() {
        fail(LoginThrottle.MAX_FAILURES - 1, "ann", "10.0.0.1");
        throttle.succeeded("ann", "10.0.0.1");
        fail(LoginThrottle.MAX_FAILURES - 1, "ann", "10.0.0.1");
        assertThat(throttle.wait("ann", "10.0.0.1")).isEmpty();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverLock() {
        for (int i = 0; i < 3 * LoginThrottle.MAX_FAILURES; i++) {
            fail(1, "ann", "10.0.0.1");
            clock.advance(LoginThrottle.WINDOW.dividedBy(LoginThrottle.MAX_FAILURES - 1));
            assertThat(throttle.wait("ann", "10.0.0.1")).isEmpty();
        }
    }
}
