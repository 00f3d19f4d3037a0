package io.o2pool.agent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 certificate fingerprints in the form browsers and {@code openssl x509 -fingerprint -sha256} print
 * ({@code AB:CD:...}, 32 upper-case hex pairs), which is what an operator compares and the manager pins.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** The SHA-256 fingerprint of the certificate's DER encoding. */
    public static String sha256(X509Certificate certificate) {
        try {
            return format(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /**
     * Normalizes a fingerprint typed by a person or another tool: accepts upper or lower case, with or without
     * colons, and an optional {@code sha256:} prefix; fails naming what was expected.
     */
    public static String normalize(String fingerprint) {
        String hex = fingerprint.strip();
        if (hex.regionMatches(true, 0, "sha256:", 0, 7)) {
            hex = hex.substring(7);
        }
        hex = hex.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("'" + fingerprint + "' is not a SHA-256 fingerprint "
                    + "(expected 32 hex bytes such as AB:CD:...)");
        }
        return format(HexFormat.of().parseHex(hex));
    }

    private static String format(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
