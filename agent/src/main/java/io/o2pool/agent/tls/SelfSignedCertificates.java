package io.o2pool.agent.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the agent's self-signed server certificate (EC P-256, SHA256withECDSA) with the host name and listen
 * addresses as subject alternative names. Trust does not come from a CA but from the manager pinning its
 * fingerprint, the way Oracle VM's manager accepted an agent certificate at "Add Server".
 */
public final class SelfSignedCertificates {
    /** Ten years: the pin, not the expiry, is what protects the connection; renewal means re-pinning. */
    public static final Duration VALIDITY = Duration.ofDays(3650);

    private SelfSignedCertificates() {
    }

    /** A fresh key pair and certificate for {@code hostName}, valid from one hour before {@code clock}'s now. */
    public static TlsIdentity create(String hostName, List<InetAddress> addresses, Clock clock, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=" + sanitize(hostName) + ",O=o2pool agent");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hostName, addresses));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TlsIdentity(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the agent's self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(String hostName, List<InetAddress> addresses) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, sanitize(hostName)));
        for (InetAddress address : addresses) {
            names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static String sanitize(String hostName) {
        String cleaned = hostName.replaceAll("[^A-Za-z0-9.-]", "-");
        return cleaned.isEmpty() ? "localhost" : cleaned;
    }
}
