package io.o2pool.agent.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client-side trust that accepts exactly one server certificate, identified by its SHA-256 fingerprint, and
 * nothing else — no CA, no host-name check (the pin is stronger than both: an agent is reached by address and its
 * certificate is self-signed). Being an {@link X509ExtendedTrustManager} keeps JSSE from adding its own
 * host-name verification. Immutable and thread-safe.
 */
public final class PinnedTrust extends X509ExtendedTrustManager {
    private final String pinned;

    /** Pins {@code fingerprint} (any form {@link Fingerprints#normalize} accepts). */
    public PinnedTrust(String fingerprint) {
        this.pinned = Fingerprints.normalize(fingerprint);
    }

    public String pinnedFingerprint() {
        return pinned;
    }

    /** An SSL context that trusts only the pinned certificate. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS client context", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the agent presented no certificate");
        }
        String seen = Fingerprints.sha256(chain[0]);
        if (!seen.equals(pinned)) {
            throw new FingerprintMismatchException(seen, pinned, "agent certificate fingerprint " + seen
                    + " does not match the pinned " + pinned + "; if the agent was reinstalled, check the new"
                    + " fingerprint on the server (o2pool agent --print-fingerprint) and pin it again");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a pinned client trust does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
