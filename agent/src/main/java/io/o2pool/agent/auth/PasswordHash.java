package io.o2pool.agent.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 hash of the agent password, so the state directory never holds the password itself.
 * Serialized as {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}. Immutable and thread-safe.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** OWASP's 2023 floor for PBKDF2-HMAC-SHA256 is 600 000; the agent verifies once per password and caches. */
    public static final int DEFAULT_ITERATIONS = 310_000;
    /** The fewest iterations accepted (tests use it; a real install keeps the default). */
    public static final int MIN_ITERATIONS = 1000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    public PasswordHash {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations " + iterations + " is too low; use at least "
                    + MIN_ITERATIONS);
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Parses the serialized form; the message says what is wrong so an operator can fix a damaged file. */
    public static PasswordHash parse(String text) {
        String[] parts = text.strip().split(":");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + " password hash (expected "
                    + SCHEME + ":ITERATIONS:SALT:HASH)");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            return new PasswordHash(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("damaged " + SCHEME + " password hash: " + e.getMessage(), e);
        }
    }

    /** The serialized form, one line without newline. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    /** Whether {@code password} hashes to this hash; constant-time comparison. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** Whether {@code password} given as text matches. */
    public boolean matches(String password) {
        return matches(password.toCharArray());
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash other && iterations == other.iterations
                && MessageDigest.isEqual(salt, other.salt) && MessageDigest.isEqual(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return SCHEME + ":" + iterations + ":<salt>:<hash>";
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
