package io.o2pool.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.tls.SelfSignedCertificates.Purpose;
import io.o2pool.agent.tls.SelfSignedCertificates.Subject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The JDK-only certificate (what agent and manager present) is a well-formed X.509 v3 certificate that the JDK parses
 * back with every field asked for, and a TLS client pinning its fingerprint completes a handshake with a server
 * presenting it. OpenSSL's view of it (curl --cacert) is tested by the manager's TLS test.
 */
class SelfSignedCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.250Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void theCertificateNamesTheHostItsAddressesAndPurposes() throws Exception {
        Subject subject = new Subject("o2pool manager", "mgr host_1", List.of("localhost"),
                List.of(InetAddress.getByName("192.168.3.10"), InetAddress.getByName("::1")),
                EnumSet.of(Purpose.SERVER, Purpose.CLIENT));
        TlsIdentity identity = SelfSignedCertificates.create(subject, CLOCK, new SecureRandom());
        X509Certificate cert = identity.certificate();

        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mgr-host-1,O=o2pool manager");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-03-01T09:15:30Z"));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z")
                .plus(SelfSignedCertificates.VALIDITY));
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getCriticalExtensionOIDs()).containsExactly("2.5.29.19");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).extracting(n -> n.get(0) + " " + n.get(1)).containsExactly(
                "2 mgr-host-1", "2 localhost", "7 192.168.3.10", "7 0:0:0:0:0:0:0:1");
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(identity.fingerprint()).isEqualTo(Fingerprints.sha256(cert));
        assertThat(identity.toString()).doesNotContain(HexFormat.of().formatHex(identity.privateKey().getEncoded()));
    }

    @Test
    void eachCertificateHasItsOwnKeyAndSerial() throws Exception {
        Subject subject = new Subject("o2pool agent", "a", List.of(), List.of(), EnumSet.of(Purpose.SERVER));
        TlsIdentity one = SelfSignedCertificates.create(subject, CLOCK, new SecureRandom());
        TlsIdentity two = SelfSignedCertificates.create(subject, CLOCK, new SecureRandom());
        assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
        assertThat(one.certificate().getSerialNumber()).isNotEqualTo(two.certificate().getSerialNumber());
        assertThat(one.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void datesFrom2050AreGeneralizedTime() throws Exception {
        Clock late = Clock.fixed(Instant.parse("2049-06-01T00:00:00Z"), ZoneOffset.UTC);
        X509Certificate cert = SelfSignedCertificates.create(new Subject("o2pool agent", "a", List.of(), List.of(),
                EnumSet.of(Purpose.SERVER)), late, new SecureRandom()).certificate();
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2049-05-31T23:00:00Z"));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-06-01T00:00:00Z")
                .plus(SelfSignedCertificates.VALIDITY));
        assertThat(HexFormat.of().formatHex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))))
                .isEqualTo("170d" + HexFormat.of().formatHex("491231235959Z".getBytes(StandardCharsets.US_ASCII)));
        assertThat(HexFormat.of().formatHex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))))
                .isEqualTo("180f" + HexFormat.of().formatHex("20500101000000Z".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void derEncodesLongLengthsAndMultiByteArcs() {
        assertThat(HexFormat.of().formatHex(Der.oid("1.2.840.10045.4.3.2"))).isEqualTo("06082a8648ce3d040302");
        assertThat(HexFormat.of().formatHex(Der.tlv(0x04, new byte[200]), 0, 3)).isEqualTo("0481c8");
        assertThat(HexFormat.of().formatHex(Der.tlv(0x04, new byte[300]), 0, 4)).isEqualTo("0482012c");
    }

    @Test
    void aClientPinningTheFingerprintCompletesAHandshake() throws Exception {
        TlsIdentity identity = SelfSignedCertificates.create(new Subject("o2pool manager", "m", List.of(),
                List.of(InetAddress.getLoopbackAddress()), EnumSet.of(Purpose.SERVER)), Clock.systemUTC(),
                new SecureRandom());
        try (SSLServerSocket server = (SSLServerSocket) identity.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept(); InputStream in = s.getInputStream();
                     OutputStream out = s.getOutputStream()) {
                    String got = new String(in.readNBytes(5), StandardCharsets.US_ASCII);
                    out.write("pong!".getBytes(StandardCharsets.US_ASCII));
                    return got;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            try (SSLSocket client = (SSLSocket) new PinnedTrust(identity.fingerprint()).sslContext()
                    .getSocketFactory().createSocket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
                client.setSoTimeout(5000);
                client.getOutputStream().write("ping!".getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                reply.writeBytes(client.getInputStream().readNBytes(5));
                assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("pong!");
            }
            assertThat(served.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("ping!");
        }
    }
}
