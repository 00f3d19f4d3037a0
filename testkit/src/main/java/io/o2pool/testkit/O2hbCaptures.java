package io.o2pool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The o2hb heartbeat regions a real kernel wrote ({@code ../shared/o2hb-capture/}): reference bytes and the matching
 * {@code debugfs.ocfs2 -R hb} output, for tests of the disk heartbeat's block format.
 */
public final class O2hbCaptures {
    public static final String LIVE = "live-region-2nodes.bin";
    public static final String LIVE_4S_LATER = "live-region-2nodes-4s-later.bin";
    public static final String AFTER_CLEAN_STOP = "after-clean-stop.bin";

    private O2hbCaptures() {
    }

    public static Path path(String name) {
        return SharedDocs.dir().resolve("o2hb-capture").resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
