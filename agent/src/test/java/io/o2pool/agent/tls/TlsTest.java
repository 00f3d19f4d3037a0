package io.o2pool.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.testkit.FakeClock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-signed identity persists across starts, and the client's pinned trust (agent-api, tested there with fixed
 * certificates) accepts exactly the certificate the agent generated.
 */
class TlsTest {
    @TempDir
    Path state;

    @Test
    void theIdentityIsCreatedOnceAndReloadedWithTheSameFingerprint() throws Exception {
        TlsIdentityStore store = new TlsIdentityStore(state);
        FakeClock clock = FakeClock.atEpochOfSeed();
        TlsIdentity created = store.loadOrCreate("vm-host03", List.of(InetAddress.getByName("192.168.3.153")), clock);
        TlsIdentity loaded = new TlsIdentityStore(state).loadOrCreate("other", List.of(), clock);
        assertThat(loaded.fingerprint()).isEqualTo(created.fingerprint());
        X509Certificate cert = loaded.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=vm-host03");
        assertThat(cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).contains("vm-host03", "192.168.3.153");
        assertThat(cert.getNotBefore().toInstant()).isBefore(clock.instant());
        assertThat(Files.getPosixFilePermissions(state.resolve("tls/agent-key.pem"))).hasSize(2);
        assertThat(loaded.serverContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void theAgentsOwnCertificateIsAcceptedByTheClientsPinnedTrust() throws Exception {
        TlsIdentity a = new TlsIdentityStore(state.resolve("a")).loadOrCreate("a", List.of(), FakeClock.atEpochOfSeed());
        TlsIdentity b = new TlsIdentityStore(state.resolve("b")).loadOrCreate("b", List.of(), FakeClock.atEpochOfSeed());
        assertThat(a.fingerprint()).isEqualTo(Fingerprints.sha256(a.certificate()));
        PinnedTrust trust = new PinnedTrust(a.fingerprint());
        trust.checkServerTrusted(new X509Certificate[] {a.certificate()}, "EC");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {b.certificate()}, "EC"))
                .isInstanceOf(CertificateException.class);
    }
}
