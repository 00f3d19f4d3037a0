package io.o2pool.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code o2pool agent} options: defaults, the config file, precedence, errors and help. */
class AgentOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheSpec() {
        AgentOptions options = AgentOptions.parse(List.of());
        assertThat(options.listen().getPort()).isEqualTo(8899);
        assertThat(options.listen().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(options.stateDir()).isEqualTo(Path.of("/var/lib/o2pool-agent"));
        assertThat(options.clusterConf()).isEqualTo(Path.of("/etc/ocfs2/cluster.conf"));
        assertThat(options.o2cbDefaults()).isEqualTo(Path.of("/etc/default/o2cb"));
        assertThat(options.stack()).isEqualTo("auto");
        assertThat(options.mountRoot()).isEqualTo(Path.of("/var/ovs/mount"));
    }

    @Test
    void theCommandLineWinsOverTheConfigFile() throws Exception {
        Path config = dir.resolve("agent.conf");
        Files.writeString(config, "listen = 192.168.3.153:8899\nstate-dir = /srv/agent\nstack = kernel\n"
                + "repository-root = /srv/a, /srv/b\n");
        AgentOptions options = AgentOptions.parse(List.of("--config", config.toString(), "--listen=127.0.1.9:9000"));
        assertThat(options.listen().getAddress().getHostAddress()).isEqualTo("127.0.1.9");
        assertThat(options.listen().getPort()).isEqualTo(9000);
        assertThat(options.stateDir()).isEqualTo(Path.of("/srv/agent"));
        assertThat(options.stack()).isEqualTo("kernel");
        assertThat(options.repositoryRoots()).containsExactly(Path.of("/srv/a"), Path.of("/srv/b"));
    }

    @Test
    void mistakesAreNamedWithTheFix() throws Exception {
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--listen", "host:99999"))).hasMessageContaining("0–65535");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--listen", "vm-host03:8899"))).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--frobnicate", "x"))).hasMessage("unknown option --frobnicate; see o2pool agent --help");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--state-dir"))).hasMessage("option --state-dir needs a value");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--stack", "pcmk"))).hasMessageContaining("use kernel, userspace or auto");
        Path config = dir.resolve("bad.conf");
        Files.writeString(config, "port = 1\n");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--config", config.toString()))).hasMessageContaining("unknown setting 'port'");
    }

    @Test
    void helpAndBadOptionsExitCodes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(AgentMain.run(List.of("--help"), new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: o2pool agent").contains("--password-file FILE")
                .contains("8899").contains("7777");
        assertThat(AgentMain.run(List.of("--nope", "1"), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("o2pool agent: unknown option --nope");
    }
}
