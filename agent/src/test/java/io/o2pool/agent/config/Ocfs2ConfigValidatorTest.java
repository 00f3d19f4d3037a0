package io.o2pool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPEC's validation rules as the {@code ocfs2} module's reader enforces them, each with its field, line and column. */
class Ocfs2ConfigValidatorTest {
    final Ocfs2ConfigValidator validator = new Ocfs2ConfigValidator("vm-host03");

    List<String> problems(String conf, String o2cb) {
        return validator.validate("pool-1", conf, o2cb).stream()
                .map(p -> p.field() + "@" + p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void theSeedsConfigurationIsValid() {
        assertThat(problems(ConfigSamples.clusterConf(3), ConfigSamples.o2cb(31))).isEmpty();
    }

    @Test
    void nodeNumbersAreZeroTo254AndUnique() {
        String conf = ConfigSamples.clusterConf(3).replace("number = 2", "number = 0").replace("number = 1", "number = 255");
        assertThat(problems(conf, ConfigSamples.o2cb(31))).containsExactly(
                "clusterConf@15:11: line 15, column 11: node 'vm-host02': Nodenum should be >=0 and < 255 but is 255;"
                        + " o2pool refuses such a value in the changes it makes",
                "clusterConf@22:11: line 22, column 11: node 'vm-host04': number 0 is already the number of node"
                        + " 'vm-host03' (line 6); node numbers must be unique");
    }

    @Test
    void namesAddressesAndPortsAreChecked() {
        String conf = ConfigSamples.clusterConf(3).replace("name = vm-host02", "name = VM-HOST03")
                .replace("192.168.3.154", "192.168.3.999").replaceFirst("ip_port = 7777", "ip_port = 7778");
        assertThat(problems(conf, ConfigSamples.o2cb(31))).singleElement().asString()
                .startsWith("clusterConf@").contains("192.168.3.999");
        conf = ConfigSamples.clusterConf(3).replace("name = vm-host02", "name = VM-HOST03")
                .replaceFirst("ip_port = 7777", "ip_port = 7778");
        assertThat(problems(conf, ConfigSamples.o2cb(31)))
                .anySatisfy(p -> assertThat(p).contains("the name differs only in case"))
                .anySatisfy(p -> assertThat(p).contains("every node of a cluster must use the same port"));
    }

    @Test
    void syntaxErrorsNameTheLineAndColumn() {
        List<FieldProblem> found = validator.validate("pool-1", "cluster:\n\tname = ocfs2\n\n\tnode_count = 1\n",
                ConfigSamples.o2cb(31));
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("clusterConf");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isPositive();
            assertThat(p.message()).startsWith("line 4, column ");
        });
    }

    @Test
    void theStagedConfigurationMustNameThisNode() {
        Ocfs2ConfigValidator other = new Ocfs2ConfigValidator("vm-host09.example.com");
        assertThat(other.validate("pool-1", ConfigSamples.clusterConf(2), ConfigSamples.o2cb(31)))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("clusterConf");
                    assertThat(p.message()).contains("has no node named 'vm-host09.example.com'").contains("--node-name");
                });
        assertThat(new Ocfs2ConfigValidator("VM-HOST03.example.com").validate("pool-1", ConfigSamples.clusterConf(1),
                ConfigSamples.o2cb(31))).isEmpty();
    }

    @Test
    void o2cbTimeoutsHaveTheirMinimumsAndKeepaliveStaysBelowIdle() {
        String o2cb = ConfigSamples.o2cb(6).replace("O2CB_KEEPALIVE_DELAY_MS=2000", "O2CB_KEEPALIVE_DELAY_MS=40000");
        assertThat(problems(ConfigSamples.clusterConf(1), o2cb)).containsExactly(
                "o2cbDefaults@18:1: o2cbDefaults line 18: heartbeat dead threshold cannot be less than 7"
                        + " (O2CB_HEARTBEAT_THRESHOLD=6); set O2CB_HEARTBEAT_THRESHOLD to 7 or more (default 31)",
                "o2cbDefaults@24:1: o2cbDefaults line 24: network keepalive delay in ms (40000) must be less than"
                        + " network idle timeout in ms (30000); lower O2CB_KEEPALIVE_DELAY_MS or raise O2CB_IDLE_TIMEOUT_MS");
    }

    @Test
    void theBootClusterMustBeACluster() {
        String o2cb = ConfigSamples.o2cb(31).replace("O2CB_BOOTCLUSTER=ocfs2", "O2CB_BOOTCLUSTER=other");
        assertThat(problems(ConfigSamples.clusterConf(1), o2cb)).containsExactly(
                "o2cbDefaults@15:1: o2cbDefaults line 15: O2CB_BOOTCLUSTER=other names no cluster of cluster.conf"
                        + " [ocfs2]; set O2CB_BOOTCLUSTER=ocfs2");
    }

    @Test
    void aBadPoolIdIsReported() {
        assertThat(validator.validate("pool 1!", ConfigSamples.clusterConf(1), ConfigSamples.o2cb(31)))
                .extracting(FieldProblem::field).containsExactly("poolId");
    }
}
