package io.o2pool.agent.http;

import io.o2pool.agent.tls.TlsIdentity;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The agent's TLS server context that also asks for a client certificate and accepts any one at the TLS layer:
 * managers' certificates are self-signed, so there is no CA to check them against. Who may call is decided per
 * request by {@link AuthFilter}, which compares the presented certificate's fingerprint with the enrolled manager's.
 * A client without a certificate still connects (and must then give the agent password, if the agent is not
 * enrolled).
 */
final class ClientCertificateTls {
    private ClientCertificateTls() {
    }

    static SSLContext serverContext(TlsIdentity identity) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(identity.keyManagers(), new TrustManager[] {new AnyClientCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the agent's TLS context: " + e.getMessage(), e);
        }
    }

    /** Accepts any client certificate chain at the TLS layer; trusts no server (this side is the server). */
    private static final class AnyClientCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("empty client certificate chain");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the agent's server context trusts no server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0]; // no CA list: any self-signed manager certificate may be offered
        }
    }
}
