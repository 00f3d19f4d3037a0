package io.o2pool.manager.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's own key pair: named for the addresses it listens on (so {@code curl --cacert} verifies there), usable
 * as a server and as a client certificate (agent enrolment), made once, and a damaged one refused with the way out.
 */
class ManagerIdentityTest {
    @TempDir
    Path data;

    private static List<String> alternativeNames(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
    }

    @Test
    void aSpecificListenAddressIsNamedBesideLoopbackAndLocalhost() throws Exception {
        ManagerIdentity identity = ManagerIdentity.loadOrCreate(data, "127.0.0.31", FakeClock.atEpochOfSeed());
        X509Certificate cert = identity.certificate();
        assertThat(alternativeNames(cert)).contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "127.0.0.31");
        assertThat(cert.getSubjectX500Principal().getName()).endsWith(",O=o2pool manager");
        assertThat(cert.getExtendedKeyUsage()).as("server, and client towards agents")
                .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(identity.createdNow()).isTrue();
        assertThat(identity.certificateFile()).isEqualTo(data.resolve("tls/manager-cert.pem"));
        assertThat(identity.keyFile()).isEqualTo(data.resolve("tls/manager-key.pem"));
        assertThat(identity.toString()).doesNotContain("PRIVATE");

        ManagerIdentity again = ManagerIdentity.loadOrCreate(data, "10.9.9.9", FakeClock.atEpochOfSeed());
        assertThat(again.createdNow()).isFalse();
        assertThat(again.fingerprint()).isEqualTo(identity.fingerprint());
        assertThat(again.privateKey().getEncoded()).isEqualTo(identity.privateKey().getEncoded());
    }

    @Test
    void aWildcardListenNamesEveryInterfaceAndAHostNameIsNamedToo() throws Exception {
        X509Certificate wildcard = ManagerIdentity.loadOrCreate(data.resolve("any"), "0.0.0.0",
                FakeClock.atEpochOfSeed()).certificate();
        assertThat(alternativeNames(wildcard)).contains("127.0.0.1").doesNotContain("0.0.0.0");
        X509Certificate named = ManagerIdentity.loadOrCreate(data.resolve("named"), "localhost",
                FakeClock.atEpochOfSeed()).certificate();
        assertThat(alternativeNames(named)).contains("localhost", "127.0.0.1");
    }

    @Test
    void aDamagedKeyPairIsRefusedWithTheWayOut() throws Exception {
        ManagerIdentity.loadOrCreate(data, "127.0.0.1", FakeClock.atEpochOfSeed());
        Files.writeString(data.resolve("tls/manager-key.pem"), "garbage\n");
        assertThatThrownBy(() -> ManagerIdentity.loadOrCreate(data, "127.0.0.1", FakeClock.atEpochOfSeed()))
                .hasMessageStartingWith("the manager's key pair in " + data.resolve("tls") + " cannot be used: "
                        + data.resolve("tls/manager-key.pem") + " holds no PEM private key")
                .hasMessageEndingWith("restore it from a backup, or move the directory away to make a new one"
                        + " (every CLI then has to log in again with the new fingerprint)");
    }
}
