package io.o2pool.agent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.Finding;
import io.o2pool.agent.api.Severity;
import io.o2pool.ocfs2.hosts.NameResolver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node-name mapping check on hosts files from the seed (wrong, fixed) and its variants, as preflight findings. */
class NameMappingHostsCheckTest {
    final NameMappingHostsCheck check = new NameMappingHostsCheck(NameResolver.none());

    List<Finding> check(String hosts, boolean loopbackPool) {
        return check.check("/etc/hosts", hosts, "vm-host03", "192.168.3.153", loopbackPool);
    }

    @Test
    void theSeedsMistakeIsAnErrorWithLineAndFix() {
        List<Finding> findings = check("# Do not remove the following line\n127.0.0.1\tvm-host03 localhost.localdomain localhost\n"
                + "::1\tlocalhost6.localdomain6 localhost6\n", false);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("hosts.loopback");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("/etc/hosts line 2 maps vm-host03 to 127.0.0.1; o2cb would bind to loopback");
            assertThat(f.value()).isEqualTo("127.0.0.1\tvm-host03 localhost.localdomain localhost");
            assertThat(f.fix()).isEqualTo("in /etc/hosts remove vm-host03 from line 2 (leaving '127.0.0.1 "
                    + "localhost.localdomain localhost') and add the line '192.168.3.153 vm-host03'");
        });
    }

    @Test
    void theFixedFileHasNoFinding() {
        assertThat(check("127.0.0.1\tlocalhost.localdomain localhost\n192.168.3.153\tvm-host03.example.com vm-host03\n", false))
                .isEmpty();
    }

    @Test
    void theFirstMatchingLineDecidesAsInTheResolver() {
        assertThat(check("127.0.0.1 localhost vm-host03\n192.168.3.153 vm-host03\n", false)).singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo("hosts.loopback");
                    assertThat(f.fix()).contains("remove vm-host03 from line 1").contains("line 2 already maps it");
                });
        assertThat(check("192.168.3.153 vm-host03\n10.0.0.3 vm-host03\n", false)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("hosts.conflicting");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).startsWith("/etc/hosts line 2 also maps vm-host03 to 10.0.0.3");
            assertThat(f.fix()).isEqualTo("in /etc/hosts delete line 2 ('10.0.0.3 vm-host03')");
        });
        assertThat(check("10.0.0.3 vm-host03 # old address\n", false)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("hosts.wrong-address");
            assertThat(f.fix()).isEqualTo("in /etc/hosts change it to '192.168.3.153 vm-host03'");
            assertThat(f.value()).isEqualTo("10.0.0.3 vm-host03 # old address");
        });
    }

    @Test
    void aMissingNameIsAnErrorUnlessTheResolverKnowsIt() {
        assertThat(check("127.0.0.1 localhost\n", false)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("hosts.missing");
            assertThat(f.fix()).isEqualTo("add the line '192.168.3.153 vm-host03' to /etc/hosts");
        });
        NameMappingHostsCheck withDns = new NameMappingHostsCheck(name -> List.of("192.168.3.153"));
        assertThat(withDns.check("/etc/hosts", "127.0.0.1 localhost\n", "vm-host03", "192.168.3.153", false)).isEmpty();
    }

    @Test
    void aLoopbackPoolMayUseLoopbackAddresses() {
        assertThat(check.check("/etc/hosts", "127.0.1.3 vm-host03\n", "vm-host03", "127.0.1.3", true)).isEmpty();
        assertThat(check.check("/etc/hosts", "127.0.0.1 localhost vm-host03\n", "vm-host03", "127.0.1.3", true))
                .extracting(Finding::code).containsExactly("hosts.wrong-address");
    }

    @Test
    void linesTheResolverSkipsAreReportedTooInTheSameCall() {
        assertThat(check("vm-host03 192.168.3.153\n127.0.0.1 localhost vm-host03\n", false))
                .extracting(Finding::code).containsExactly("hosts.ignored-line", "hosts.loopback");
    }
}
