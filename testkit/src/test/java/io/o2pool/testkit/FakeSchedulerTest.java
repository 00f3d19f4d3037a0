package io.o2pool.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeSchedulerTest {

    @Test
    void runsTasksInDueOrderWithTheClockAtTheirDueTime() {
        FakeScheduler s = FakeScheduler.create();
        List<String> ran = new ArrayList<>();
        s.schedule(2000, () -> ran.add("b@" + s.nowMs()));
        s.schedule(1000, () -> ran.add("a@" + s.nowMs()));
        s.schedule(1000, () -> {
            ran.add("a2@" + s.nowMs());
            s.schedule(0, () -> ran.add("now@" + s.nowMs()));
        });
        FakeScheduler.Task cancelled = s.schedule(1500, () -> ran.add("never"));
        cancelled.cancel();
        s.advance(Duration.ofMillis(1999));
        assertThat(ran).containsExactly("a@1000", "a2@1000", "now@1000");
        s.advanceMs(1);
        assertThat(ran).endsWith("b@2000");
        assertThat(s.now()).isEqualTo(FakeClock.atEpochOfSeed().instant().plusMillis(2000));
        assertThat(s.pending()).isZero();
    }
}
