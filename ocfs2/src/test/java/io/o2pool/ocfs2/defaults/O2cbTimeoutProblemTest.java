package io.o2pool.ocfs2.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.ocfs2.defaults.O2cbTimeoutProblem.Rule;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The timeout rules as a table: values in, the broken rule with both of its wordings out. */
class O2cbTimeoutProblemTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            defaults          | 31 | 30000 | 2000  | 2000 | | | | |
            minimums          | 7  | 5000  | 1000  | 2000 | | | | |
            threshold 6       | 6  | 30000 | 2000  | 2000 | HEARTBEAT_THRESHOLD | 6     | BELOW_MINIMUM          | 7     | heartbeat dead threshold 6 is below the minimum 7; set O2CB_HEARTBEAT_THRESHOLD=7 or more (default 31)
            threshold 3       | 3  | 30000 | 2000  | 2000 | HEARTBEAT_THRESHOLD | 3     | BELOW_MINIMUM          | 7     | heartbeat dead threshold 3 is below the minimum 7; set O2CB_HEARTBEAT_THRESHOLD=7 or more (default 31)
            idle 4999         | 31 | 4999  | 2000  | 2000 | IDLE_TIMEOUT_MS     | 4999  | BELOW_MINIMUM          | 5000  | idle timeout 4999 ms is below the minimum 5000 ms; set O2CB_IDLE_TIMEOUT_MS=5000 or more (default 30000)
            keepalive 999     | 31 | 30000 | 999   | 2000 | KEEPALIVE_DELAY_MS  | 999   | BELOW_MINIMUM          | 1000  | keepalive delay 999 ms is below the minimum 1000 ms; set O2CB_KEEPALIVE_DELAY_MS=1000 or more (default 2000)
            keepalive = idle  | 31 | 30000 | 30000 | 2000 | KEEPALIVE_DELAY_MS  | 30000 | NOT_BELOW_IDLE_TIMEOUT | 30000 | keepalive delay 30000 ms is not below the idle timeout 30000 ms; set O2CB_KEEPALIVE_DELAY_MS below O2CB_IDLE_TIMEOUT_MS
            keepalive > idle  | 31 | 5000  | 6000  | 2000 | KEEPALIVE_DELAY_MS  | 6000  | NOT_BELOW_IDLE_TIMEOUT | 5000  | keepalive delay 6000 ms is not below the idle timeout 5000 ms; set O2CB_KEEPALIVE_DELAY_MS below O2CB_IDLE_TIMEOUT_MS
            reconnect 1999    | 31 | 30000 | 2000  | 1999 | RECONNECT_DELAY_MS  | 1999  | BELOW_MINIMUM          | 2000  | reconnect delay 1999 ms is below the minimum 2000 ms; set O2CB_RECONNECT_DELAY_MS=2000 or more (default 2000)
            """)
    void eachRuleNamesTheSettingTheValueAndTheFix(String name, int threshold, int idle, int keepalive, int reconnect,
                                                  O2cbSetting setting, Integer value, Rule rule, Integer limit,
                                                  String message) {
        List<O2cbTimeoutProblem> problems = O2cbTimeoutProblem.check(threshold, idle, keepalive, reconnect);
        if (setting == null) {
            assertThat(problems).isEmpty();
            return;
        }
        assertThat(problems).containsExactly(new O2cbTimeoutProblem(setting, value, rule, limit));
        assertThat(problems.get(0).message()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            threshold 6      | 6  | 30000 | 2000 | 2000 | heartbeat dead threshold cannot be less than 7
            idle 4999        | 31 | 4999  | 2000 | 2000 | network idle timeout in ms cannot be less than 5000
            keepalive = idle | 31 | 5000  | 5000 | 2000 | network keepalive delay in ms (5000) must be less than network idle timeout in ms (5000)
            reconnect 10     | 31 | 30000 | 2000 | 10   | network reconnect delay in ms cannot be less than 2000
            """)
    void theInitScriptWordingIsTheModelsMessage(String name, int threshold, int idle, int keepalive, int reconnect,
                                                String text) {
        O2cbTimeoutProblem problem = O2cbTimeoutProblem.first(threshold, idle, keepalive, reconnect).orElseThrow();
        assertThat(problem.initScriptText()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            all four low             | 6 | 4000 | 500  | 100  | HEARTBEAT_THRESHOLD IDLE_TIMEOUT_MS KEEPALIVE_DELAY_MS RECONNECT_DELAY_MS
            keepalive low and >= idle | 7 | 4000 | 900  | 2000 | IDLE_TIMEOUT_MS KEEPALIVE_DELAY_MS
            order and reconnect      | 7 | 5000 | 5000 | 1000 | KEEPALIVE_DELAY_MS RECONNECT_DELAY_MS
            """)
    void everyBrokenRuleIsListedInOneOrder(String name, int threshold, int idle, int keepalive, int reconnect,
                                          String settings) {
        assertThat(O2cbTimeoutProblem.check(threshold, idle, keepalive, reconnect)).extracting(O2cbTimeoutProblem::setting)
                .map(Enum::name).containsExactly(settings.split(" "));
    }
}
