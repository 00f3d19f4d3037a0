package io.o2pool.agent.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS key and the certificate chain it presents (the first certificate is its own; a self-signed one has no
 * other), with the SHA-256 fingerprint peers pin and the key managers of a TLS context. The agent's listener and
 * the manager's (which later also presents it as a client) use it. Immutable.
 */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {
    public TlsIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs its certificate");
        }
    }

    /** A key with its self-signed (or otherwise lone) certificate. */
    public TlsIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this(privateKey, List.of(certificate));
    }

    /** The identity's own certificate, the first of the chain. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** The fingerprint of {@link #certificate()}: printed at start, pinned by peers. */
    public String fingerprint() {
        return Fingerprints.sha256(certificate());
    }

    /** Key managers that present this key and chain (for a server context, or later a client one). */
    public KeyManager[] keyManagers() {
        try {
            char[] transientPassword = "o2pool-in-memory".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", privateKey, transientPassword, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, transientPassword);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the TLS key of " + certificate().getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A TLS server context presenting this identity (TLSv1.3/1.2 as the JDK negotiates). */
    public SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS server context: " + e.getMessage(), e);
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "TlsIdentity[" + certificate().getSubjectX500Principal() + ", " + fingerprint() + "]";
    }
}
