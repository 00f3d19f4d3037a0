package io.o2pool.agent.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the HTTP Basic credentials of a request (user {@value #USER}, the agent password) and logs every failed
 * attempt with the peer address, never the password tried. The first successful PBKDF2 check is remembered as a
 * salted SHA-256 digest so later requests cost microseconds; failures always pay the full PBKDF2 cost. Thread-safe.
 */
public final class Authenticator {
    public static final String USER = "o2pool";
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final java.util.function.Supplier<PasswordHash> hashes;
    /** The last password verified by PBKDF2, as a salted digest, with the hash it was verified against. */
    private record Verified(PasswordHash hash, byte[] digest) {
    }

    private volatile Verified verified;

    /** Checks against a fixed hash. */
    public Authenticator(PasswordHash hash) {
        this(() -> hash);
    }

    /** Checks against the hash {@code hashes} gives at each request (a changed password takes effect at once). */
    public Authenticator(java.util.function.Supplier<PasswordHash> hashes) {
        this.hashes = hashes;
    }

    /** Outcome of one check; {@code reason} is for the log only. */
    public record Outcome(boolean accepted, String reason) {
    }

    /**
     * Checks an {@code Authorization} header value; logs {@code authentication failed ...} naming the peer and the
     * request when it is missing or wrong.
     */
    public Outcome check(String authorizationHeader, String peer, String request) {
        Outcome outcome = evaluate(authorizationHeader);
        if (!outcome.accepted()) {
            log.warn("authentication failed from {} for {}: {}", peer, request, outcome.reason());
        }
        return outcome;
    }

    private Outcome evaluate(String header) {
        PasswordHash hash = hashes.get();
        if (header == null || header.isBlank()) {
            return new Outcome(false, "no credentials");
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Outcome(false, "not HTTP Basic authentication");
        }
        Optional<String[]> pair = decode(header.substring(6).strip());
        if (pair.isEmpty()) {
            return new Outcome(false, "malformed Basic credentials");
        }
        String user = pair.get()[0];
        String password = pair.get()[1];
        if (!USER.equals(user)) {
            hash.matches(password); // same cost as a wrong password, so user names cannot be probed by timing
            return new Outcome(false, "unknown user '" + printable(user) + "'");
        }
        byte[] digest = digest(hash, password);
        Verified known = verified;
        if (known != null && known.hash() == hash && MessageDigest.isEqual(known.digest(), digest)) {
            return new Outcome(true, "ok");
        }
        if (hash.matches(password)) {
            verified = new Verified(hash, digest);
            return new Outcome(true, "ok");
        }
        return new Outcome(false, "wrong password for user '" + USER + "'");
    }

    private static Optional<String[]> decode(String token) {
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(new String[] {text.substring(0, colon), text.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] digest(PasswordHash hash, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(hash.salt());
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
