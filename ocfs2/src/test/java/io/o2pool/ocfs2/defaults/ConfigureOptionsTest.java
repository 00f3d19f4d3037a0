package io.o2pool.ocfs2.defaults;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@code o2pool o2cb configure}. */
class ConfigureOptionsTest {

    @Test
    void defaultFileIsTheOneTheInitScriptReads() {
        ConfigureOptions o = ConfigureOptions.parse(List.of());
        assertThat(o.file()).isEqualTo(O2cbDefaultsFile.locate(Path.of("/")));
        assertThat(o.answers()).isEmpty();
        assertThat(o.yes()).isFalse();
    }

    @Test
    void bothOptionFormsAndEveryQuestion() {
        ConfigureOptions o = ConfigureOptions.parse(List.of("--file=/tmp/o2cb", "-y", "--enabled", "y", "--stack=pcmk",
                "--cluster", "ocfs2", "--heartbeat-threshold", "31", "--idle-timeout-ms", "30000",
                "--keepalive-delay-ms", "2000", "--reconnect-delay-ms=2000"));
        assertThat(o.file()).isEqualTo(Path.of("/tmp/o2cb"));
        assertThat(o.yes()).isTrue();
        assertThat(o.answers()).isEqualTo(Map.of(O2cbSetting.ENABLED, "y", O2cbSetting.STACK, "pcmk",
                O2cbSetting.BOOTCLUSTER, "ocfs2", O2cbSetting.HEARTBEAT_THRESHOLD, "31",
                O2cbSetting.IDLE_TIMEOUT_MS, "30000", O2cbSetting.KEEPALIVE_DELAY_MS, "2000",
                O2cbSetting.RECONNECT_DELAY_MS, "2000"));
        assertThat(ConfigureOptions.optionFor(O2cbSetting.KEEPALIVE_DELAY_MS)).isEqualTo("--keepalive-delay-ms");
    }

    @Test
    void refusesUnknownArgumentsAndMissingValues() {
        assertThatThrownBy(() -> ConfigureOptions.parse(List.of("extra"))).hasMessage("unknown argument: extra");
        assertThatThrownBy(() -> ConfigureOptions.parse(List.of("--file"))).hasMessage("--file needs a value");
    }
}
