package io.o2pool.agent.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates a self-signed certificate (EC P-256, SHA256withECDSA, X.509 v3) with the JDK alone: the agent's server
 * certificate and the manager's, whose key pair is also its client certificate towards agents. Trust does not come
 * from a CA but from the peer pinning the SHA-256 fingerprint, the way Oracle VM's manager accepted an agent's
 * certificate at "Add Server". It lives here, not in the agent, so that the manager can make its own without
 * linking the agent daemon or BouncyCastle; the few DER structures (RFC 5280 §4.1) are written by {@link Der}.
 */
public final class SelfSignedCertificates {
    /** Ten years: the pin, not the expiry, is what protects the connection; renewal means re-pinning. */
    public static final Duration VALIDITY = Duration.ofDays(3650);

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** What the certificate may be used for (its extended key usage). */
    public enum Purpose {
        /** A TLS server: the agent's and the manager's listener. */
        SERVER,
        /** A TLS client: the manager towards agents that authenticate it by certificate. */
        CLIENT
    }

    /**
     * Who the certificate names: {@code CN=hostName, O=organization}, the host name and {@code dnsNames} as DNS
     * subject alternative names (characters outside {@code [A-Za-z0-9.-]} become {@code -}), and {@code addresses}
     * as IP ones, so that a client verifying host names ({@code curl --cacert}) accepts it at those names.
     */
    public record Subject(String organization, String hostName, List<String> dnsNames, List<InetAddress> addresses,
                          Set<Purpose> purposes) {
        public Subject {
            hostName = sanitize(hostName);
            dnsNames = dnsNames.stream().map(SelfSignedCertificates::sanitize).toList();
            addresses = List.copyOf(addresses);
            purposes = Set.copyOf(purposes);
            if (purposes.isEmpty()) {
                throw new IllegalArgumentException("a certificate needs at least one purpose");
            }
        }
    }

    private SelfSignedCertificates() {
    }

    /** A fresh key pair and certificate for {@code subject}, valid from one hour before {@code clock}'s now. */
    public static TlsIdentity create(Subject subject, Clock clock, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            byte[] name = Der.sequence(
                    Der.set(Der.sequence(Der.oid(ORGANIZATION), Der.utf8String(subject.organization()))),
                    Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(subject.hostName()))));
            byte[] signatureAlgorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.TWO)), // version: v3
                    Der.integer(new BigInteger(127, random).add(BigInteger.ONE)),
                    signatureAlgorithm,
                    name,
                    Der.sequence(Der.time(now.minus(Duration.ofHours(1))), Der.time(now.plus(VALIDITY))),
                    name,
                    pair.getPublic().getEncoded(), // SubjectPublicKeyInfo, already DER
                    Der.explicit(3, Der.sequence(extensions(subject))));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate(), random);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signer.sign()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(pair.getPublic());
            return new TlsIdentity(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a self-signed certificate for " + subject.hostName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static byte[][] extensions(Subject subject) {
        List<byte[]> usages = new ArrayList<>();
        if (subject.purposes().contains(Purpose.SERVER)) {
            usages.add(Der.oid(SERVER_AUTH));
        }
        if (subject.purposes().contains(Purpose.CLIENT)) {
            usages.add(Der.oid(CLIENT_AUTH));
        }
        Set<String> dns = new LinkedHashSet<>();
        dns.add(subject.hostName());
        dns.addAll(subject.dnsNames());
        List<byte[]> names = new ArrayList<>();
        dns.forEach(d -> names.add(Der.implicitPrimitive(2, d.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        subject.addresses().forEach(a -> names.add(Der.implicitPrimitive(7, a.getAddress())));
        return new byte[][] {
            // not a CA (cA defaults to FALSE, so the sequence is empty); no keyUsage: OpenSSL then accepts the
            // certificate as its own issuer when a client trusts it directly (curl --cacert)
            extension(BASIC_CONSTRAINTS, true, Der.sequence()),
            extension(EXTENDED_KEY_USAGE, false, Der.sequence(usages.toArray(byte[][]::new))),
            extension(SUBJECT_ALT_NAME, false, Der.sequence(names.toArray(byte[][]::new)))
        };
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static String sanitize(String hostName) {
        String cleaned = hostName == null ? "" : hostName.replaceAll("[^A-Za-z0-9.-]", "-");
        return cleaned.isEmpty() ? "localhost" : cleaned;
    }
}
