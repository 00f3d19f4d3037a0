package io.o2pool.ocfs2.conf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** glibc's inet_pton(AF_INET) acceptance. */
class Ipv4TextTest {
    @ParameterizedTest
    @ValueSource(strings = {"192.168.3.153", "0.0.0.0", "255.255.255.255", "10.0.0.1"})
    void accepts(String address) {
        assertThat(Ipv4Text.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"300.1.2.3", "1.2.3", "1.2.3.4.5", "::1", "fe80::1", "010.0.0.1", "1.2.3.4.", ".1.2.3",
            "1..2.3", "", "1.2.3.4 ", "host.example", "1.2.3.256"})
    void refuses(String address) {
        assertThat(Ipv4Text.isValid(address)).isFalse();
    }
}
