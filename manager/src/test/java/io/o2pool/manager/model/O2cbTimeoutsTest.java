package io.o2pool.manager.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A pool's timeouts are the ocfs2 table's, refused by its rules in the API's words. */
class O2cbTimeoutsTest {

    @Test
    void defaultsAndMinimumsComeFromTheOcfs2Table() {
        assertThat(O2cbTimeouts.defaults()).isEqualTo(new O2cbTimeouts(31, 30000, 2000, 2000))
                .isEqualTo(O2cbTimeouts.of(O2cbDefaults.defaults()));
        assertThat(new int[] {O2cbTimeouts.MIN_DEAD_THRESHOLD, O2cbTimeouts.MIN_IDLE_TIMEOUT_MS,
                O2cbTimeouts.MIN_KEEPALIVE_DELAY_MS, O2cbTimeouts.MIN_RECONNECT_DELAY_MS})
                .containsExactly(O2cbSetting.timeouts().stream().mapToInt(O2cbSetting::min).toArray());
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource(delimiter = '|', textBlock = """
            6  | 30000 | 2000  | 2000 | heartbeat_dead_threshold: 6 is below the minimum 7
            31 | 4999  | 2000  | 2000 | idle_timeout_ms: 4999 is below the minimum 5000
            31 | 30000 | 999   | 2000 | keepalive_delay_ms: 999 is below the minimum 1000
            31 | 10000 | 10000 | 2000 | keepalive_delay_ms: 10000 must be less than idle_timeout_ms 10000
            31 | 30000 | 2000  | 1999 | reconnect_delay_ms: 1999 is below the minimum 2000
            """)
    void refusalsNameTheApiField(int threshold, int idle, int keepalive, int reconnect, String message) {
        assertThat(O2cbTimeouts.problem(threshold, idle, keepalive, reconnect)).isEqualTo(message);
        assertThatThrownBy(() -> new O2cbTimeouts(threshold, idle, keepalive, reconnect)).hasMessage(message);
    }

    @Test
    void theMinimumsAreAccepted() {
        assertThat(O2cbTimeouts.problem(7, 5000, 1000, 2000)).isNull();
    }
}
