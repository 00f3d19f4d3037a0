package io.o2pool.ocfs2.defaults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model's validation table: every rule of SPEC and the init script, with the script's error texts. */
class O2cbDefaultsTest {

    @Test
    void defaultsAreTheKernelsAndTheSeeds() {
        O2cbDefaults d = O2cbDefaults.defaults();
        assertThat(d).isEqualTo(new O2cbDefaults(false, "o2cb", "ocfs2", 31, 30000, 2000, 2000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            threshold 6          | o2cb | ocfs2             | 6  | 30000 | 2000  | 2000 | heartbeat dead threshold cannot be less than 7
            idle 4999            | o2cb | ocfs2             | 31 | 4999  | 2000  | 2000 | network idle timeout in ms cannot be less than 5000
            keepalive 999        | o2cb | ocfs2             | 31 | 30000 | 999   | 2000 | network keepalive delay in ms cannot be less than 1000
            reconnect 1999       | o2cb | ocfs2             | 31 | 30000 | 2000  | 1999 | network reconnect delay in ms cannot be less than 2000
            keepalive = idle     | o2cb | ocfs2             | 31 | 5000  | 5000  | 2000 | network keepalive delay in ms (5000) must be less than network idle timeout in ms (5000)
            keepalive > idle     | o2cb | ocfs2             | 31 | 5000  | 30000 | 2000 | network keepalive delay in ms (30000) must be less than network idle timeout in ms (5000)
            stack too short      | abc  | ocfs2             | 31 | 30000 | 2000  | 2000 | Invalid cluster stack value: abc (4 characters, e.g. o2cb, pcmk or cman)
            stack not alnum      | o2-b | ocfs2             | 31 | 30000 | 2000  | 2000 | Invalid cluster stack value: o2-b (4 characters, e.g. o2cb, pcmk or cman)
            cluster not alnum    | o2cb | my-cluster        | 31 | 30000 | 2000  | 2000 | Invalid cluster name: my-cluster
            cluster 17 chars     | o2cb | abcdefghij1234567 | 31 | 30000 | 2000  | 2000 | Invalid cluster name: abcdefghij1234567 (at most 16 characters)
            cluster empty        | o2cb | ''                | 31 | 30000 | 2000  | 2000 | Invalid cluster name: (empty); o2pool always names the boot cluster (default ocfs2)
            """)
    void refusesWithTheScriptsText(String rule, String stack, String cluster, int threshold, int idle, int keepalive,
                                   int reconnect, String message) {
        assertThatThrownBy(() -> new O2cbDefaults(true, stack, cluster, threshold, idle, keepalive, reconnect))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void acceptsTheMinimumsAndSixteenCharacterNames() {
        O2cbDefaults min = new O2cbDefaults(true, "pcmk", "abcdefghij123456", 7, 5000, 1000, 2000);
        assertThat(min.keepaliveDelayMs()).isLessThan(min.idleTimeoutMs());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            abc         | Invalid heartbeat dead threshold value: abc
            -5          | Invalid heartbeat dead threshold value: -5
            3.5         | Invalid heartbeat dead threshold value: 3.5
            99999999999 | Invalid heartbeat dead threshold value: 99999999999
            2147483648  | Invalid heartbeat dead threshold value: 2147483648
            6           | heartbeat dead threshold cannot be less than 7
            0           | heartbeat dead threshold cannot be less than 7
            """)
    void numbersAreParsedLikeTheScriptsReadTimeout(String text, String message) {
        assertThatThrownBy(() -> O2cbSetting.HEARTBEAT_THRESHOLD.parseNumber(text)).hasMessage(message);
    }

    @Test
    void leadingZerosAreDecimal() {
        assertThat(O2cbSetting.HEARTBEAT_THRESHOLD.parseNumber("007")).isEqualTo(7);
        assertThat(O2cbSetting.IDLE_TIMEOUT_MS.parseNumber("2147483647")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void timeoutsCompareForPeerCompatibility() {
        O2cbDefaults a = O2cbDefaults.defaults();
        assertThat(a.sameTimeouts(a.withEnabled(true).withBootCluster("other"))).isTrue();
        assertThat(a.sameTimeouts(a.withTimeouts(31, 10000, 2000, 2000))).isFalse();
    }
}
