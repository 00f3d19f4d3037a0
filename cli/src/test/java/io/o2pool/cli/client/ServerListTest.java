package io.o2pool.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server list of {@code add-batch} and {@code plan add}: what a line means, and what each error says. */
class ServerListTest {
    @Test
    void linesWithCommentsBlanksNamesAndPorts() throws UsageError {
        List<ServerSpec> servers = new ServerList().addLines("hosts.txt", List.of(
                "# rack 1",
                "vm-host02",
                "",
                "192.168.3.153  vm-host03   # the new one",
                "127.0.21.4\tcli-host4\t40123",
                "vm-host05,vm-host05.example,8900")).addOption("vm-host06").addOption("10.0.0.7,vm-host07,8899")
                .servers();
        assertThat(servers).containsExactly(
                new ServerSpec("vm-host02", "vm-host02", null, "hosts.txt line 2"),
                new ServerSpec("192.168.3.153", "vm-host03", null, "hosts.txt line 4"),
                new ServerSpec("127.0.21.4", "cli-host4", 40123, "hosts.txt line 5"),
                new ServerSpec("vm-host05", "vm-host05.example", 8900, "hosts.txt line 6"),
                new ServerSpec("vm-host06", "vm-host06", null, "--host vm-host06"),
                new ServerSpec("10.0.0.7", "vm-host07", 8899, "--host 10.0.0.7,vm-host07,8899"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            192.168.3.152                | hosts.txt line 2: 192.168.3.152 is an IP address, so the server's name
            vm-host02 8900               | hosts.txt line 2: '8900' looks like an agent port; the name comes first: vm-host02 NAME 8900
            vm-host02 vm-host02 99999    | hosts.txt line 2: agent port '99999' must be a number from 1 to 65535
            vm-host02 vm-host02 port     | hosts.txt line 2: agent port 'port' must be a number from 1 to 65535
            a b 1 extra                  | hosts.txt line 2: 4 fields in 'a b 1 extra'; a server is HOST [NAME] [AGENT_PORT]
            -bad                         | hosts.txt line 2: '-bad' is not a host name or IP address
            10.0.0.9 _name               | hosts.txt line 2: server name '_name' must be letters, digits
            vm-host01                    | hosts.txt line 2: server name vm-host01 is already on hosts.txt line 1
            10.0.0.1 other               | hosts.txt line 2: host 10.0.0.1 is already on hosts.txt line 1
            """)
    void everyErrorNamesTheLineAndTheFix(String line, String expected) {
        assertThatThrownBy(() -> new ServerList().addLines("hosts.txt", List.of("10.0.0.1 vm-host01", line)))
                .isInstanceOf(UsageError.class).hasMessageStartingWith(expected);
    }

    @Test
    void aHostOptionErrorNamesTheOption() {
        assertThatThrownBy(() -> new ServerList().addOption("10.0.0.1"))
                .hasMessageStartingWith("--host 10.0.0.1: 10.0.0.1 is an IP address");
    }

    @Test
    void theSameHostOnAnotherAgentPortIsAnotherServer() throws UsageError {
        assertThat(new ServerList().addLines("f", List.of("127.0.0.1 a 9001", "127.0.0.1 b 9002")).servers())
                .hasSize(2);
    }
}
