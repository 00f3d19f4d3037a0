package io.o2pool.ocfs2.hosts;

import io.o2pool.ocfs2.hosts.NameMappingFinding.Code;
import io.o2pool.ocfs2.hosts.NameMappingFinding.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The name-mapping check on the seed's hosts files and the cases around them; the resolver is a map, not DNS. */
class NameMappingCheckTest {
    private static final String NODE = "vm-host03";
    private static final String ADDRESS = "192.168.3.153";

    private static NameMappingFinding check(String hosts, NameResolver resolver) {
        return new NameMappingCheck(HostsFile.parse("/etc/hosts", hosts), resolver, false).check(NODE, ADDRESS);
    }

    @Test
    void loopbackLineIsFoundWithLineAndFix() {
        NameMappingFinding f = check("127.0.0.1 localhost\n127.0.0.1 vm-host03\n", NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.LOOPBACK);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.acceptable()).isFalse();
        assertThat(f.value()).isEqualTo("127.0.0.1");
        assertThat(f.hostsLine()).isEqualTo(2);
        assertThat(f.text()).isEqualTo("/etc/hosts line 2 maps vm-host03 to 127.0.0.1; o2cb would bind to loopback."
                + " Fix: change it to '192.168.3.153 vm-host03'");
    }

    @Test
    void theSeedsOriginalLineSharesTheNameWithLocalhost() {
        NameMappingFinding f = check("127.0.0.1 vm-host03 localhost local.doamin\n", NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.LOOPBACK);
        assertThat(f.message()).isEqualTo("/etc/hosts line 1 maps vm-host03 to 127.0.0.1; o2cb would bind to"
                + " loopback");
        assertThat(f.fix()).isEqualTo("remove vm-host03 from line 1 (leaving '127.0.0.1 localhost local.doamin') and"
                + " add the line '192.168.3.153 vm-host03'");
    }

    @Test
    void theSeedsFixedFileIsCorrect() {
        NameMappingFinding f = check("127.0.0.1 localhost local.doamin\n192.168.3.153 vm-host03\n",
                NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.MAPPED);
        assertThat(f.severity()).isEqualTo(Severity.OK);
        assertThat(f.hostsLine()).isEqualTo(2);
        assertThat(f.text()).isEqualTo("/etc/hosts line 2 maps vm-host03 to 192.168.3.153, its cluster address");
        assertThat(f.fix()).isEmpty();
    }

    @Test
    void anEarlierLoopbackLineWinsOverALaterCorrectOne() {
        NameMappingFinding f = check("# Debian\n127.0.1.1 vm-host03\n\n192.168.3.153 vm-host03 vm-host03.example\n",
                NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.LOOPBACK);
        assertThat(f.value()).isEqualTo("127.0.1.1");
        assertThat(f.text()).isEqualTo("/etc/hosts line 2 maps vm-host03 to 127.0.1.1; o2cb would bind to loopback."
                + " Fix: delete line 2 ('127.0.1.1 vm-host03'); line 4 already maps it to 192.168.3.153");
    }

    @Test
    void aLaterConflictingLineIsAWarning() {
        NameMappingFinding f = check("192.168.3.153 vm-host03\n127.0.0.1 localhost vm-host03\n", NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.CONFLICTING_LINE);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.acceptable()).isTrue();
        assertThat(f.hostsLine()).isEqualTo(2);
        assertThat(f.text()).isEqualTo("/etc/hosts line 2 also maps vm-host03 to 127.0.0.1 (line 1 maps it to"
                + " 192.168.3.153, which is what lookups use). Fix: remove vm-host03 from line 2 (leaving"
                + " '127.0.0.1 localhost')");
    }

    @Test
    void wrongAddressInTheHostsFile() {
        NameMappingFinding f = check("192.168.3.99 VM-HOST03\n", NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.WRONG_ADDRESS);
        assertThat(f.value()).isEqualTo("192.168.3.99");
        assertThat(f.text()).isEqualTo("/etc/hosts line 1 maps vm-host03 to 192.168.3.99, not to its cluster address"
                + " 192.168.3.153. Fix: change it to '192.168.3.153 vm-host03'");
    }

    @Test
    void missingNameWithoutResolverAnswer() {
        NameMappingFinding f = check("127.0.0.1 localhost\n::1 localhost vm-host03\n", NameResolver.none());

        assertThat(f.code()).isEqualTo(Code.UNRESOLVED);
        assertThat(f.value()).isEmpty();
        assertThat(f.hostsLine()).isZero();
        assertThat(f.text()).isEqualTo("vm-host03 is on no line of /etc/hosts and the resolver does not know it."
                + " Fix: add the line '192.168.3.153 vm-host03' to /etc/hosts");
    }

    @Test
    void resolverFallbackWhenTheHostsFileLacksTheName() {
        Map<String, List<String>> dns = Map.of(NODE, List.of(ADDRESS, "10.0.0.1"));
        NameMappingFinding f = check("127.0.0.1 localhost\n", name -> dns.getOrDefault(name, List.of()));

        assertThat(f.code()).isEqualTo(Code.MAPPED);
        assertThat(f.hostsLine()).isZero();
        assertThat(f.message()).isEqualTo("the resolver maps vm-host03 to 192.168.3.153 (no line of /etc/hosts names"
                + " it), its cluster address");
    }

    @Test
    void resolverAnsweringLoopbackOrAnotherAddress() {
        NameMappingFinding loop = check("", name -> List.of("127.0.1.1"));
        assertThat(loop.code()).isEqualTo(Code.LOOPBACK);
        assertThat(loop.text()).isEqualTo("the resolver maps vm-host03 to 127.0.1.1 (no line of /etc/hosts names it);"
                + " o2cb would bind to loopback. Fix: add the line '192.168.3.153 vm-host03' to /etc/hosts");

        NameMappingFinding other = check("", name -> List.of("10.1.2.3"));
        assertThat(other.code()).isEqualTo(Code.WRONG_ADDRESS);
        assertThat(other.fix()).isEqualTo("add the line '192.168.3.153 vm-host03' to /etc/hosts (or correct the"
                + " resolver's record)");
    }

    @Test
    void theHostsFileIsAskedBeforeTheResolver() {
        NameMappingFinding f = check("192.168.3.153 vm-host03\n", name -> {
            throw new AssertionError("resolver asked although /etc/hosts names " + name);
        });
        assertThat(f.code()).isEqualTo(Code.MAPPED);
    }

    @Test
    void loopbackOnlyPoolForTheDemo() {
        HostsFile hosts = HostsFile.parse("/etc/hosts", "127.0.0.1 localhost\n127.0.0.2 node2\n127.0.0.3 node3\n");

        NameMappingCheck demo = new NameMappingCheck(hosts, NameResolver.none(), true);
        assertThat(demo.check("node2", "127.0.0.2").code()).isEqualTo(Code.MAPPED);
        NameMappingFinding mismatch = demo.check("node3", "127.0.0.4");
        assertThat(mismatch.code()).isEqualTo(Code.WRONG_ADDRESS);
        assertThat(mismatch.fix()).isEqualTo("change it to '127.0.0.4 node3'");

        NameMappingCheck real = new NameMappingCheck(hosts, NameResolver.none(), false);
        NameMappingFinding refused = real.check("node2", "127.0.0.2");
        assertThat(refused.code()).isEqualTo(Code.LOOPBACK_CLUSTER_ADDRESS);
        assertThat(refused.text()).isEqualTo("the cluster address of node2 is 127.0.0.2, a loopback address other"
                + " servers cannot reach. Fix: register node2 with its real address (a loopback-only pool is for a"
                + " one-machine demo)");
    }

    @Test
    void refusesANonIpv4ClusterAddress() {
        NameMappingCheck c = new NameMappingCheck(HostsFile.parse("h", ""), NameResolver.none(), false);
        assertThatThrownBy(() -> c.check(NODE, "fe80::1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster address of vm-host03 is not an IPv4 address: fe80::1");
    }
}
