package io.o2pool.cli.demo;

import io.o2pool.cli.demo.DemoLayout.DemoServer;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Lays out the demo's files from scratch: the shared repository folder with its id file, each server's folders and
 * a hosts file mapping every demo node name to its 127.0.1.x address (what the seed asks of {@code /etc/hosts}).
 */
final class DemoFiles {
    private final DemoLayout layout;

    DemoFiles(DemoLayout layout) {
        this.layout = layout;
    }

    void prepare(String agentPassword) throws IOException {
        if (Files.exists(layout.root())) {
            if (!Files.exists(layout.root().resolve(".o2pool-demo")) && !isEmpty(layout.root())) {
                throw new IOException(layout.root() + " exists and is not an o2pool demo folder; choose another "
                        + "--data-dir");
            }
            deleteTree(layout.root());
        }
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve(".o2pool-demo"), "o2pool demo state; recreated at each start\n");
        Files.createDirectories(layout.repository());
        Files.writeString(layout.repository().resolve(".o2pool-repository"), UUID.randomUUID() + "\n");
        Files.writeString(layout.agentPasswordFile(), agentPassword + "\n");
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n");
        for (DemoServer s : layout.serverList()) {
            hosts.append(s.address()).append('\t').append(s.name()).append('\n');
        }
        for (DemoServer s : layout.serverList()) {
            Files.createDirectories(s.clusterConf().getParent());
            Files.createDirectories(s.o2cbDefaults().getParent());
            Files.writeString(s.hostsFile(), hosts);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
