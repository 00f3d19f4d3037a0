package io.o2pool.agent.tls;

import java.security.cert.CertificateException;

/**
 * A peer presented a certificate other than the pinned one; carries both fingerprints so a client can say which it
 * expected and which it saw (JSSE wraps it as the cause of the handshake failure).
 */
public final class FingerprintMismatchException extends CertificateException {
    private final String seen;
    private final String pinned;

    public FingerprintMismatchException(String seen, String pinned, String message) {
        super(message);
        this.seen = seen;
        this.pinned = pinned;
    }

    /** The fingerprint of the certificate the peer presented. */
    public String seen() {
        return seen;
    }

    /** The fingerprint that was pinned. */
    public String pinned() {
        return pinned;
    }

    /** The mismatch among the causes of {@code failure} (a handshake or I/O exception), if that is what it was. */
    public static java.util.Optional<FingerprintMismatchException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FingerprintMismatchException m) {
                return java.util.Optional.of(m);
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof FingerprintMismatchException m) {
                    return java.util.Optional.of(m);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
