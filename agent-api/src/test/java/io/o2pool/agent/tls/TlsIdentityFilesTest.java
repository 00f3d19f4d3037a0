package io.o2pool.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.tls.SelfSignedCertificates.Purpose;
import io.o2pool.agent.tls.SelfSignedCertificates.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM pair: created once (key 0600), read back as the same identity, and refused with a fix when wrong. */
class TlsIdentityFilesTest {
    @TempDir
    Path dir;

    private static TlsIdentity fresh(String host) {
        return SelfSignedCertificates.create(new Subject("o2pool test", host, List.of(), List.of(),
                EnumSet.of(Purpose.SERVER)), Clock.systemUTC(), new SecureRandom());
    }

    @Test
    void anIdentityIsCreatedOnceAndReadBackWithTheSameFingerprint() throws Exception {
        TlsIdentityFiles files = new TlsIdentityFiles(dir.resolve("tls/key.pem"), dir.resolve("tls/cert.pem"));
        AtomicInteger created = new AtomicInteger();
        TlsIdentity first = files.loadOrCreate(() -> {
            created.incrementAndGet();
            return fresh("one");
        });
        TlsIdentity again = new TlsIdentityFiles(files.keyFile(), files.certificateFile()).loadOrCreate(() -> {
            created.incrementAndGet();
            return fresh("two");
        });
        assertThat(created).hasValue(1);
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(files.certificateFile())).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Files.readString(files.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n");
        try (var left = Files.list(files.keyFile().getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("key.pem", "cert.pem");
        }
    }

    @Test
    void aChainIsReadInOrderWithItsOwnCertificateFirst() throws Exception {
        TlsIdentity own = fresh("server");
        TlsIdentity issuer = fresh("issuer");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        new TlsIdentityFiles(key, cert).store(new TlsIdentity(own.privateKey(),
                List.of(own.certificate(), issuer.certificate())));
        TlsIdentity loaded = new TlsIdentityFiles(key, cert).load();
        assertThat(loaded.chain()).containsExactly(own.certificate(), issuer.certificate());
        assertThat(loaded.fingerprint()).isEqualTo(own.fingerprint());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        new TlsIdentityFiles(key, cert).store(fresh("a"));
        Path otherCert = dir.resolve("other-cert.pem");
        new TlsIdentityFiles(dir.resolve("other-key.pem"), otherCert).store(fresh("b"));
        assertThatThrownBy(() -> new TlsIdentityFiles(key, otherCert).load())
                .hasMessage("the private key in " + key + " does not belong to the certificate in " + otherCert
                        + " (the first certificate of the file must be the server's own)");
    }

    @Test
    void keysInAFormatTheJdkCannotReadAreRefusedWithTheConversion() throws Exception {
        Path cert = dir.resolve("cert.pem");
        new TlsIdentityFiles(dir.resolve("key.pem"), cert).store(fresh("a"));
        Path sec1 = dir.resolve("sec1.pem");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new TlsIdentityFiles(sec1, cert).load())
                .hasMessageContaining("holds a EC PRIVATE KEY (the traditional OpenSSL format); convert it to"
                        + " PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + sec1);
        Path encrypted = dir.resolve("encrypted.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new TlsIdentityFiles(encrypted, cert).load())
                .hasMessageContaining(encrypted + " holds an encrypted key");
        assertThatThrownBy(() -> new TlsIdentityFiles(dir.resolve("missing.pem"), cert).load())
                .hasMessage(dir.resolve("missing.pem") + " does not exist");
        assertThatThrownBy(() -> new TlsIdentityFiles(sec1, sec1).load())
                .hasMessage(sec1 + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
}
