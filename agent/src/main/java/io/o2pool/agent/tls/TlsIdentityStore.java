package io.o2pool.agent.tls;

import io.o2pool.agent.config.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * Loads the agent's TLS identity from {@code STATE/tls/} ({@code agent-key.pem} mode 0600, {@code agent-cert.pem}),
 * creating it on first start, so the fingerprint the manager pinned stays the same across restarts. The key is
 * written before the certificate; a crash between the two leaves no certificate and a new pair is made next start.
 */
public final class TlsIdentityStore {
    private final Path keyFile;
    private final Path certFile;

    public TlsIdentityStore(Path stateDir) {
        Path dir = stateDir.resolve("tls");
        this.keyFile = dir.resolve("agent-key.pem");
        this.certFile = dir.resolve("agent-cert.pem");
    }

    public Path certificateFile() {
        return certFile;
    }

    /** Whether an identity already exists (so a start will not create a new fingerprint). */
    public boolean exists() {
        return Files.isRegularFile(keyFile) && Files.isRegularFile(certFile);
    }

    /** Returns the stored identity, creating and storing a new one if there is none. */
    public TlsIdentity loadOrCreate(String hostName, List<InetAddress> addresses, Clock clock) throws IOException {
        if (exists()) {
            return load();
        }
        TlsIdentity identity = SelfSignedCertificates.create(hostName, addresses, clock, new SecureRandom());
        AtomicFiles.write(keyFile, pem("PRIVATE KEY", identity.privateKey().getEncoded()), true);
        try {
            AtomicFiles.write(certFile, pem("CERTIFICATE", identity.certificate().getEncoded()), false);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode the new certificate", e);
        }
        return identity;
    }

    /** Reads the stored key and certificate; the message names the file that is damaged. */
    public TlsIdentity load() throws IOException {
        try {
            byte[] certDer = unpem(certFile, "CERTIFICATE");
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certDer));
            PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(unpem(keyFile, "PRIVATE KEY")));
            return new TlsIdentity(key, cert);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("damaged TLS identity in " + keyFile.getParent() + " (" + e.getMessage()
                    + "); move the directory away to create a new certificate, then re-pin its fingerprint", e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " holds no " + type);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
