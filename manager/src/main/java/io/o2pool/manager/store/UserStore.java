package io.o2pool.manager.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * API users and their bearer tokens. Passwords are stored as salted PBKDF2-HMAC-SHA256 hashes; tokens are random 256-bit
 * strings of which only the SHA-256 is stored, so a copy of the database cannot be replayed. Thread-safe.
 */
public final class UserStore {
    private static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;

    public UserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public boolean exists(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE name = :n").bind("n", name)
                .mapTo(Integer.class).one()) > 0;
    }

    /** Creates a user; fails if the name is taken. */
    public void create(String name, String password, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (name, password_hash, created_at) VALUES (:n, :p, :t)")
                .bind("n", name).bind("p", hash(password)).bind("t", now.toEpochMilli()).execute());
    }

    /** Whether the password is the user's, compared in constant time. */
    public boolean checkPassword(String name, String password) {
        Optional<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne());
        return stored.isPresent() && verify(password, stored.get());
    }

    /** Issues a new token valid for {@code ttl} and returns it; only its hash is kept. */
    public String issueToken(String name, Instant now, Duration ttl) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO tokens (token_hash, user_name, created_at, expires_at)"
                        + " VALUES (:h, :u, :c, :e)")
                .bind("h", sha256(token)).bind("u", name).bind("c", now.toEpochMilli())
                .bind("e", now.plus(ttl).toEpochMilli()).execute());
        return token;
    }

    /** The user a token belongs to, if it exists and has not expired at {@code now}. */
    public Optional<String> userForToken(String token, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_name FROM tokens WHERE token_hash = :h"
                        + " AND expires_at > :now").bind("h", sha256(token)).bind("now", now.toEpochMilli())
                .mapTo(String.class).findOne());
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + HexFormat.of().formatHex(salt) + "$"
                + HexFormat.of().formatHex(pbkdf2(password, salt, ITERATIONS));
    }

    static boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] salt = HexFormat.of().parseHex(parts[2]);
        byte[] expected = HexFormat.of().parseHex(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(parts[1])));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
