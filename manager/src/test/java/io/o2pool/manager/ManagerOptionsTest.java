package io.o2pool.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code o2pool manager} options: defaults, environment, and messages that say what to change. */
class ManagerOptionsTest {
    @Test
    void defaultsAndOverrides() {
        var o = ManagerOptions.parse(List.of("--data-dir", "/tmp/m"), Map.of());
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/m"));
        assertThat(o.listenHost()).isEqualTo("127.0.0.1");
        assertThat(o.listenPort()).isEqualTo(8080);
        assertThat(o.dbUrl()).isNull();
        assertThat(o.liveTimeout()).isEqualTo(Duration.ofSeconds(120));
        var p = ManagerOptions.parse(List.of("--data-dir=/d", "--listen", "127.0.1.9:0", "--db-url",
                "jdbc:postgresql://127.0.0.1/x", "--db-user", "u", "--live-timeout", "30"),
                Map.of("O2POOL_DB_PASSWORD", "pw", "O2POOL_ADMIN_PASSWORD", "long-enough"));
        assertThat(p.listenHost()).isEqualTo("127.0.1.9");
        assertThat(p.listenPort()).isZero();
        assertThat(p.dbPassword()).isEqualTo("pw");
        assertThat(p.adminPassword()).isEqualTo("long-enough");
    }

    @Test
    void badOptionsSayWhatToChange() {
        assertThatThrownBy(() -> ManagerOptions.parse(List.of(), Map.of())).hasMessageContaining("--data-dir is required");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--listen", "8080"), Map.of()))
                .hasMessageContaining("ADDR:PORT");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--bogus", "1"), Map.of()))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--admin-password", "short"),
                Map.of())).hasMessageContaining("at least 8");
        assertThat(ManagerMain.run(List.of("--bogus"), System.out, System.err)).isEqualTo(2);
        assertThat(ManagerMain.run(List.of("--help"), System.out, System.err)).isZero();
    }
}
