package io.o2pool.cli.client;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The manager a client command talks to, the token it presents and the SHA-256 fingerprint of the certificate the
 * manager must present (pinned at {@code o2pool login}; null for a plain-HTTP manager or before the first login).
 * {@code O2POOL_URL} / {@code O2POOL_TOKEN} / {@code O2POOL_FINGERPRINT} win over the login file, so a script can point
 * at another manager without logging in.
 */
public record ManagerTarget(String url, String token, String fingerprint) {
    public static final String DEFAULT_URL = "https://127.0.0.1:8080";

    public ManagerTarget {
        url = stripSlash(url);
    }

    /** Resolves the target: explicit URL option, then environment, then the login file, then the default URL. */
    public static ManagerTarget resolve(String urlOption, Map<String, String> env, LoginFile loginFile)
            throws IOException {
        Optional<ManagerTarget> saved = loginFile.load();
        String url = stripSlash(firstNonBlank(urlOption, env.get("O2POOL_URL"),
                saved.map(ManagerTarget::url).orElse(null), DEFAULT_URL));
        Optional<ManagerTarget> sameManager = saved.filter(s -> s.url().equals(url));
        String token = firstNonBlank(env.get("O2POOL_TOKEN"), sameManager.map(ManagerTarget::token).orElse(null));
        String fingerprint = firstNonBlank(env.get("O2POOL_FINGERPRINT"),
                sameManager.map(ManagerTarget::fingerprint).orElse(null));
        return new ManagerTarget(url, token, fingerprint);
    }

    /** Whether the URL is {@code https:} (a manager without {@code --insecure-http}). */
    public boolean tls() {
        return url.regionMatches(true, 0, "https://", 0, 8);
    }

    /** The same manager with another token (or none). */
    public ManagerTarget withToken(String newToken) {
        return new ManagerTarget(url, newToken, fingerprint);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
