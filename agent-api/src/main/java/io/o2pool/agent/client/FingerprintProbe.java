package io.o2pool.agent.client;

import io.o2pool.agent.tls.Fingerprints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads the fingerprint of the certificate an agent presents, without trusting it and without sending any request
 * or password — the manager's "Test Connection" shows it so the operator can compare it with the one the agent
 * printed at install before it is pinned.
 */
public final class FingerprintProbe {
    private FingerprintProbe() {
    }

    /** The SHA-256 fingerprint presented at {@code host:port}. */
    public static String fingerprint(String host, int port, Duration timeout) throws IOException {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        X509ExtendedTrustManager capture = new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain[0]);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                seen.set(chain[0]);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                seen.set(chain[0]);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {capture}, null);
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                plain.setSoTimeout((int) timeout.toMillis());
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                    tls.startHandshake();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        if (seen.get() == null) {
            throw new IOException(host + ":" + port + " presented no certificate");
        }
        return Fingerprints.sha256(seen.get());
    }
}
