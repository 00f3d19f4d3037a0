package io.o2pool.cluster.heartbeat;

import io.o2pool.testkit.SharedDocs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The heartbeat regions the real kernel wrote ({@code ../shared/o2hb-capture/}). */
final class CaptureFiles {
    static final String LIVE = "live-region-2nodes.bin";
    static final String LIVE_4S_LATER = "live-region-2nodes-4s-later.bin";
    static final String AFTER_CLEAN_STOP = "after-clean-stop.bin";

    private CaptureFiles() {
    }

    static Path path(String name) {
        return SharedDocs.dir().resolve("o2hb-capture").resolve(name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
