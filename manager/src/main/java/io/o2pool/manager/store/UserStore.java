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
import java.util.List;
import java.util.Optional;
import io.o2pool.manager.model.Role;
import io.o2pool.manager.model.User;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * API users, their roles and their bearer tokens. Passwords are stored as salted PBKDF2-HMAC-SHA256 hashes; tokens are random 256-bit
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

    /** Creates an admin; fails if the name is taken. */
    public void create(String name, String password, Instant now) {
        create(name, password, Role.ADMIN, now);
    }

    /** Creates a user with {@code role}; fails if the name is taken. */
    public void create(String name, String password, Role role, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (name, password_hash, user_role, created_at)"
                        + " VALUES (:n, :p, :r, :t)")
                .bind("n", name).bind("p", hash(password)).bind("r", role.name()).bind("t", now.toEpochMilli())
                .execute());
    }

    /** Every user, by name. */
    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, user_role, created_at FROM users ORDER BY name")
                .map((rs, ctx) -> new User(rs.getString("name"), Role.valueOf(rs.getString("user_role")),
                        Instant.ofEpochMilli(rs.getLong("created_at")))).list());
    }

    /** The user called {@code name}, if any. */
    public Optional<User> find(String name) {
        return list().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** What removing a user did. */
    public enum Removal {
        REMOVED,
        NO_SUCH_USER,
        /** Refused: the pool would have no admin left to manage users. */
        LAST_ADMIN
    }

    /** Removes a user and revokes every token of theirs, unless it is the last admin; all or nothing. */
    public Removal remove(String name) {
        return jdbi.inTransaction(h -> {
            Optional<String> role = h.createQuery("SELECT user_role FROM users WHERE name = :n").bind("n", name)
                    .mapTo(String.class).findOne();
            if (role.isEmpty()) {
                return Removal.NO_SUCH_USER;
            }
            if (Role.valueOf(role.get()) == Role.ADMIN && h.createQuery("SELECT COUNT(*) FROM users WHERE user_role"
                    + " = 'ADMIN'").mapTo(Integer.class).one() <= 1) {
                return Removal.LAST_ADMIN;
            }
            h.createUpdate("DELETE FROM tokens WHERE user_name = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM users WHERE name = :n").bind("n", name).execute();
            return Removal.REMOVED;
        });
    }

    /**
     * Sets a user's password and revokes every token of theirs except {@code keepToken} (the session that made the
     * change; null revokes all); returns false when there is no such user.
     */
    public boolean setPassword(String name, String password, String keepToken) {
        return jdbi.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE users SET password_hash = :p WHERE name = :n").bind("n", name)
                    .bind("p", hash(password)).execute();
            if (changed == 0) {
                return false;
            }
            h.createUpdate("DELETE FROM tokens WHERE user_name = :n AND token_hash <> :keep").bind("n", name)
                    .bind("keep", keepToken == null ? "" : sha256(keepToken)).execute();
            return true;
        });
    }

    /** Revokes one token (logout); returns whether it existed. */
    public boolean revoke(String token) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM tokens WHERE token_hash = :h")
                .bind("h", sha256(token)).execute()) > 0;
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

    /** The user a token belongs to, with their role now, if it exists and has not expired at {@code now}. */
    public Optional<User> userForToken(String token, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT u.name, u.user_role, u.created_at FROM tokens t"
                        + " JOIN users u ON u.name = t.user_name WHERE t.token_hash = :h AND t.expires_at > :now")
                .bind("h", sha256(token)).bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new User(rs.getString("name"), Role.valueOf(rs.getString("user_role")),
                        Instant.ofEpochMilli(rs.getLong("created_at")))).findOne());
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
