package io.o2pool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPEC's validation rules, each reported with its field and line. */
class BasicConfigValidatorTest {
    final BasicConfigValidator validator = new BasicConfigValidator();

    List<String> problems(String conf, String o2cb) {
        return validator.validate("pool-1", conf, o2cb).stream().map(p -> p.field() + ": " + p.message()).toList();
    }

    @Test
    void theSeedsConfigurationIsValid() {
        assertThat(problems(ConfigSamples.clusterConf(3), ConfigSamples.o2cb(31))).isEmpty();
    }

    @Test
    void nodeNumbersAreZeroTo254AndUnique() {
        String conf = ConfigSamples.clusterConf(3).replace("number = 2", "number = 0").replace("number = 1", "number = 255");
        assertThat(problems(conf, ConfigSamples.o2cb(31))).containsExactly(
                "clusterConf: line 13: node 'vm-host02': number 255 is out of range; node numbers are 0–254 (Nodenum should be >=0 and < 255)",
                "clusterConf: line 20: node 'vm-host04': number 0 is already used by the node at line 6; choose the lowest free number");
    }

    @Test
    void namesAddressesAndPortsAreChecked() {
        String conf = ConfigSamples.clusterConf(3).replace("name = vm-host02", "name = vm-host03")
                .replace("192.168.3.154", "192.168.3.999").replaceFirst("ip_port = 7777", "ip_port = 7778");
        assertThat(problems(conf, ConfigSamples.o2cb(31))).anySatisfy(p -> assertThat(p).contains("name is used by another node"))
                .anySatisfy(p -> assertThat(p).contains("ip_address '192.168.3.999' is not an IPv4 address"))
                .anySatisfy(p -> assertThat(p).contains("different ip_port values"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThat(problems("cluster:\n\tname = ocfs2\n\n\tnode_count = 1\n", ConfigSamples.o2cb(31)))
                .containsExactly("clusterConf: line 4: attribute outside a stanza; start a stanza with 'name:' in column 0"
                        + " and do not leave a blank line inside it");
        assertThat(problems("cluster:\r\n", "")).hasSize(1).first().asString().contains("line 1: carriage return");
    }

    @Test
    void o2cbTimeoutsHaveTheirMinimumsAndKeepaliveStaysBelowIdle() {
        String o2cb = ConfigSamples.o2cb(6).replace("O2CB_KEEPALIVE_DELAY_MS=2000", "O2CB_KEEPALIVE_DELAY_MS=40000")
                .replace("O2CB_BOOTCLUSTER=ocfs2", "O2CB_BOOTCLUSTER=other");
        assertThat(problems(ConfigSamples.clusterConf(1), o2cb)).containsExactly(
                "o2cbDefaults: line 5: O2CB_HEARTBEAT_THRESHOLD cannot be less than 7 (is 6)",
                "o2cbDefaults: line 7: O2CB_KEEPALIVE_DELAY_MS 40000 must be less than O2CB_IDLE_TIMEOUT_MS 30000",
                "o2cbDefaults: line 4: O2CB_BOOTCLUSTER=other does not name the cluster 'ocfs2' of cluster.conf; set O2CB_BOOTCLUSTER=ocfs2");
        assertThat(problems(ConfigSamples.clusterConf(1), ConfigSamples.o2cb(31)
                .replace("O2CB_KEEPALIVE_DELAY_MS=2000", "O2CB_KEEPALIVE_DELAY_MS=30000")))
                .containsExactly("o2cbDefaults: line 7: O2CB_KEEPALIVE_DELAY_MS 30000 must be less than O2CB_IDLE_TIMEOUT_MS 30000");
    }
}
