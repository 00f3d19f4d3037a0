package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code o2pool login} keeps the manager URL, token and the pinned fingerprint of the manager's certificate:
 * {@code $O2POOL_LOGIN_FILE}, else {@code $XDG_CONFIG_HOME/o2pool/login.json}, else
 * {@code ~/.config/o2pool/login.json}; mode 0600.
 */
public final class LoginFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path path;

    public LoginFile(Path path) {
        this.path = path;
    }

    /** The login file this environment uses. */
    public static LoginFile from(Map<String, String> env) {
        String explicit = env.get("O2POOL_LOGIN_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return new LoginFile(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new LoginFile(base.resolve("o2pool").resolve("login.json"));
    }

    public Path path() {
        return path;
    }

    /** Stores the URL, token and fingerprint atomically, readable only by the owner. */
    public void save(ManagerTarget target) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        ObjectNode node = JSON.createObjectNode().put("url", target.url()).put("token", target.token());
        if (target.fingerprint() != null) {
            node.put("fingerprint", target.fingerprint());
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file keeps the default permissions on such a file system
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The saved URL, token and fingerprint, if a login was saved. */
    public Optional<ManagerTarget> load() throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(path.toFile());
        if (node == null || !node.hasNonNull("url")) {
            throw new IOException(path + " is not an o2pool login file (no \"url\"); run o2pool login again");
        }
        return Optional.of(new ManagerTarget(node.get("url").asText(), node.path("token").asText(null),
                node.path("fingerprint").asText(null)));
    }
}
