package io.o2pool.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Fingerprints match openssl's, and the pinned trust accepts exactly the pinned certificate. */
class PinnedTrustTest {
    @Test
    void fingerprintsAreWhatOpensslPrints() {
        assertThat(Fingerprints.sha256(TestCertificates.a())).isEqualTo(TestCertificates.A_FINGERPRINT);
        assertThat(Fingerprints.sha256(TestCertificates.b())).isEqualTo(TestCertificates.B_FINGERPRINT);
    }

    @Test
    void aFingerprintIsAcceptedInEveryFormAPersonTypes() {
        String hex = TestCertificates.A_FINGERPRINT.replace(":", "");
        assertThat(Fingerprints.normalize(hex.toLowerCase())).isEqualTo(TestCertificates.A_FINGERPRINT);
        assertThat(Fingerprints.normalize("sha256:" + hex)).isEqualTo(TestCertificates.A_FINGERPRINT);
        assertThat(Fingerprints.normalize(" SHA256:" + TestCertificates.A_FINGERPRINT + " "))
                .isEqualTo(TestCertificates.A_FINGERPRINT);
        assertThatThrownBy(() -> Fingerprints.normalize("AB:CD")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AB:CD' is not a SHA-256 fingerprint");
    }

    @Test
    void pinnedTrustAcceptsOnlyThePinnedCertificate() throws Exception {
        PinnedTrust trust = new PinnedTrust(TestCertificates.A_FINGERPRINT.replace(":", "").toLowerCase());
        assertThat(trust.pinnedFingerprint()).isEqualTo(TestCertificates.A_FINGERPRINT);
        trust.checkServerTrusted(new X509Certificate[] {TestCertificates.a()}, "EC");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {TestCertificates.b()}, "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not match the pinned " + TestCertificates.A_FINGERPRINT)
                .isInstanceOfSatisfying(FingerprintMismatchException.class, m -> {
                    assertThat(m.seen()).isEqualTo(TestCertificates.B_FINGERPRINT);
                    assertThat(m.pinned()).isEqualTo(TestCertificates.A_FINGERPRINT);
                    assertThat(FingerprintMismatchException.in(new java.io.IOException("handshake", m))).contains(m);
                });
        assertThatThrownBy(() -> new PinnedTrust("AB:CD")).hasMessageContaining("not a SHA-256 fingerprint");
        assertThat(trust.sslContext().getProtocol()).isEqualTo("TLS");
    }
}
