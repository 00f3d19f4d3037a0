package io.o2pool.agent.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The agent's TLS key and certificate, with the SHA-256 fingerprint the manager pins and a server
 * {@link SSLContext} for the listener. Immutable.
 */
public record TlsIdentity(PrivateKey privateKey, X509Certificate certificate) {
    /** The fingerprint printed at start, served by {@code GET /health} and pinned by the manager. */
    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }

    /** A TLS server context presenting this certificate (TLSv1.3/1.2 as the JDK negotiates). */
    public SSLContext serverContext() {
        try {
            char[] transientPassword = "o2pool-in-memory".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("agent", privateKey, transientPassword, new Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, transientPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the agent's TLS context: " + e.getMessage(), e);
        }
    }
}
