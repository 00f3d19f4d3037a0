package io.o2pool.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a {@link ConfigStore} keeps things: the two live files (by default {@code /etc/ocfs2/cluster.conf} and
 * {@code /etc/default/o2cb}) and, under {@code STATE/config/}, {@code live.json}, {@code staged.json}, the commit
 * journal {@code commit-intent.json} and {@code generations/N/} with each kept generation's files.
 */
public record ConfigFiles(Path clusterConf, Path o2cbDefaults, Path dir) {
    static final String CLUSTER_CONF = "cluster.conf";
    static final String O2CB = "o2cb";

    /** The layout for a state directory and the two live file paths. */
    public static ConfigFiles of(Path stateDir, Path clusterConf, Path o2cbDefaults) {
        return new ConfigFiles(clusterConf, o2cbDefaults, stateDir.resolve("config"));
    }

    Path live() {
        return dir.resolve("live.json");
    }

    Path staged() {
        return dir.resolve("staged.json");
    }

    Path intent() {
        return dir.resolve("commit-intent.json");
    }

    Path archiveDir(long generation) {
        return dir.resolve("generations").resolve(Long.toString(generation));
    }

    Path archived(long generation, String name) {
        return archiveDir(generation).resolve(name);
    }

    List<Long> archivedGenerations() throws IOException {
        Path root = dir.resolve("generations");
        List<Long> generations = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return generations;
        }
        try (Stream<Path> entries = Files.list(root)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .forEach(n -> generations.add(Long.parseLong(n)));
        }
        return generations;
    }

    void deleteArchive(long generation) throws IOException {
        Path archive = archiveDir(generation);
        if (!Files.exists(archive)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(archive)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
