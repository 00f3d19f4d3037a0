package io.o2pool.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (the reference material beside the clone: SPEC, REFERENCE, the recorded
 * ocfs2-tools transcripts). Surefire passes it as the system property {@code o2pool.shared}.
 */
public final class SharedDocs {
    private SharedDocs() {
    }

    /** The shared directory; fails with the paths tried when it is not there. */
    public static Path dir() {
        String configured = System.getProperty("o2pool.shared");
        Path[] candidates = {
            configured == null ? null : Path.of(configured),
            Path.of("../shared"), Path.of("../../shared")
        };
        for (Path p : candidates) {
            if (p != null && Files.isDirectory(p.resolve("ocfs2-tools-1.8.7"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("../shared (with ocfs2-tools-1.8.7/) not found beside the clone; tried "
                + configured + ", ../shared, ../../shared");
    }

    /** A file of the recorded ocfs2-tools 1.8.7 behaviour. */
    public static Path ocfs2Tools(String name) {
        return dir().resolve("ocfs2-tools-1.8.7").resolve(name);
    }
}
