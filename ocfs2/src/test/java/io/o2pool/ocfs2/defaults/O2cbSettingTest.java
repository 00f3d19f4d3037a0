package io.o2pool.ocfs2.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table of the o2cb timeouts: SPEC's and the init script's minimums and the kernel's defaults. */
class O2cbSettingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HEARTBEAT_THRESHOLD | O2CB_HEARTBEAT_THRESHOLD | 7    | 31    | heartbeat dead threshold 31
            IDLE_TIMEOUT_MS     | O2CB_IDLE_TIMEOUT_MS     | 5000 | 30000 | idle timeout 30000 ms
            KEEPALIVE_DELAY_MS  | O2CB_KEEPALIVE_DELAY_MS  | 1000 | 2000  | keepalive delay 2000 ms
            RECONNECT_DELAY_MS  | O2CB_RECONNECT_DELAY_MS  | 2000 | 2000  | reconnect delay 2000 ms
            """)
    void theTableHoldsSpecsMinimumsAndDefaults(O2cbSetting setting, String key, int min, int defaultValue,
                                                String describedDefault) {
        assertThat(setting.key()).isEqualTo(key);
        assertThat(setting.numeric()).isTrue();
        assertThat(setting.min()).isEqualTo(min);
        assertThat(setting.defaultValue()).isEqualTo(defaultValue);
        assertThat(setting.describe(defaultValue)).isEqualTo(describedDefault);
        assertThat(setting.minimumFix()).isEqualTo("set " + key + "=" + min + " or more (default " + defaultValue + ")");
        assertThat(O2cbTimeoutProblem.belowMinimum(setting, min)).isEmpty();
        assertThat(O2cbTimeoutProblem.belowMinimum(setting, min - 1)).isPresent();
    }

    @Test
    void theTimeoutsAreTheNumericSettingsInFileOrder() {
        assertThat(O2cbSetting.timeouts()).containsExactly(O2cbSetting.HEARTBEAT_THRESHOLD,
                O2cbSetting.IDLE_TIMEOUT_MS, O2cbSetting.KEEPALIVE_DELAY_MS, O2cbSetting.RECONNECT_DELAY_MS);
        assertThat(O2cbSetting.values()).filteredOn(O2cbSetting::numeric)
                .containsExactlyElementsOf(O2cbSetting.timeouts());
    }

    @Test
    void theDefaultsModelIsTheTablesDefaults() {
        O2cbDefaults d = O2cbDefaults.defaults();
        for (O2cbSetting s : O2cbSetting.timeouts()) {
            assertThat(d.number(s)).as(s.key()).isEqualTo(s.defaultValue());
        }
        assertThat(O2cbTimeoutProblem.check(d.heartbeatThreshold(), d.idleTimeoutMs(), d.keepaliveDelayMs(),
                d.reconnectDelayMs())).as("the defaults obey every rule").isEmpty();
    }

    @Test
    void theMinimumsTogetherObeyEveryRule() {
        assertThat(O2cbTimeoutProblem.check(O2cbSetting.HEARTBEAT_THRESHOLD.min(), O2cbSetting.IDLE_TIMEOUT_MS.min(),
                O2cbSetting.KEEPALIVE_DELAY_MS.min(), O2cbSetting.RECONNECT_DELAY_MS.min())).isEmpty();
    }

    @Test
    void textSettingsHaveNoNumbers() {
        for (O2cbSetting s : new O2cbSetting[] {O2cbSetting.ENABLED, O2cbSetting.STACK, O2cbSetting.BOOTCLUSTER}) {
            assertThat(s.numeric()).as(s.key()).isFalse();
            assertThatThrownBy(() -> s.describe(1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> O2cbTimeoutProblem.belowMinimum(s, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
