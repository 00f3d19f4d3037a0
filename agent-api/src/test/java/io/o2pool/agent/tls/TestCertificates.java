package io.o2pool.agent.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Two fixed self-signed EC certificates (agent-a, agent-b) with the fingerprints {@code openssl x509 -fingerprint
 * -sha256} printed for them, and agent-a's key in a PKCS#12 keystore (password {@code changeit}), so the client side
 * is tested independently of this module's own certificate generation. Made once with
 * {@code openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=agent-a}
 * and {@code openssl pkcs12 -export}.
 */
public final class TestCertificates {
    public static final String A_FINGERPRINT =
            "A1:41:8F:92:99:19:F4:42:23:DB:A9:62:AA:3E:5B:02:2C:35:D5:B8:23:E3:8D:42:3A:19:34:D1:80:56:2E:A9";
    public static final String B_FINGERPRINT =
            "EB:FA:D3:9B:07:3C:7D:F5:7C:69:D4:9B:79:4E:6D:FD:D7:81:B6:01:31:A5:CD:90:22:B9:C7:A7:94:1D:E6:2B";
    public static final char[] KEYSTORE_PASSWORD = "changeit".toCharArray();

    private TestCertificates() {
    }

    public static X509Certificate a() {
        return certificate("agent-a.pem");
    }

    public static X509Certificate b() {
        return certificate("agent-b.pem");
    }

    /** agent-a's certificate and private key, for a test HTTPS server. */
    public static KeyStore aKeyStore() {
        try (InputStream in = resource("agent-a.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, KEYSTORE_PASSWORD);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load agent-a.p12", e);
        }
    }

    private static X509Certificate certificate(String name) {
        try (InputStream in = resource(name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TestCertificates.class.getResourceAsStream("/tls/" + name);
        if (in == null) {
            throw new IOException("test resource /tls/" + name + " is missing");
        }
        return in;
    }
}
