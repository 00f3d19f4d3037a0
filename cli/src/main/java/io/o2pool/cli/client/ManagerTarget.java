package io.o2pool.cli.client;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The manager a client command talks to and the token it presents. {@code O2POOL_URL} / {@code O2POOL_TOKEN} win
 * over the login file, so a script can point at another manager without logging in.
 */
public record ManagerTarget(String url, String token) {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** Resolves the target: explicit URL option, then environment, then the login file, then the default URL. */
    public static ManagerTarget resolve(String urlOption, Map<String, String> env, LoginFile loginFile)
            throws IOException {
        Optional<ManagerTarget> saved = loginFile.load();
        String url = firstNonBlank(urlOption, env.get("O2POOL_URL"), saved.map(ManagerTarget::url).orElse(null),
                DEFAULT_URL);
        String token = firstNonBlank(env.get("O2POOL_TOKEN"),
                saved.filter(s -> s.url().equals(url)).map(ManagerTarget::token).orElse(null));
        return new ManagerTarget(stripSlash(url), token);
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
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
