package io.o2pool.e2e.kvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The guest's kernel and initramfs, built (or taken from the cache under {@code /var/tmp/o2pool-kvm}) by
 * {@code scripts/build-guest.sh} from the Debian packages and the o2pool-agent Debian package the build made
 * ({@code packaging/agent/target}), installed with {@code dpkg -i} as on a host.
 */
record GuestImage(Path kernel, Path initrd, Duration buildTime) {

    /** Builds or reuses the image; the build script's progress goes to stdout. */
    static GuestImage build(Path scripts, Path agentDeb) {
        Path jdk = Path.of(System.getProperty("java.home"));
        List<String> command = List.of("bash", scripts.resolve("build-guest.sh").toString(), "--jdk", jdk.toString(),
                "--agent-deb", agentDeb.toString());
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            Path kernel = null;
            Path initrd = null;
            StringBuilder log = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("KERNEL=")) {
                        kernel = Path.of(line.substring(7));
                    } else if (line.startsWith("INITRD=")) {
                        initrd = Path.of(line.substring(7));
                    } else {
                        System.out.println(line);
                        log.append(line).append('\n');
                    }
                }
            }
            int rc = process.waitFor();
            if (rc != 0 || kernel == null || initrd == null || !Files.isRegularFile(kernel) || !Files.isRegularFile(initrd)) {
                throw new IllegalStateException("build-guest.sh exited " + rc + " without a kernel and initramfs:\n" + log);
            }
            return new GuestImage(kernel, initrd, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the guest", e);
        }
    }
}
