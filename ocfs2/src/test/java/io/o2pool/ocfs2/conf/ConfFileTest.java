package io.o2pool.ocfs2.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading and atomic storing of cluster.conf on disk. */
class ConfFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileHoldsNoClusters() throws Exception {
        assertThat(ConfFile.load(dir.resolve("cluster.conf"))).isEqualTo(new LoadedConf(ClusterConf.empty(),
                List.of()));
    }

    @Test
    void storesAtomicallyWithMode0644AndNoLeftovers() throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ClusterConf conf = ConfEditor.addCluster(ClusterConf.empty(), "ocfs2");
        ConfFile.store(file, conf);
        assertThat(Files.readString(file)).isEqualTo(ConfWriter.toText(conf));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(ConfFile.load(file).conf()).isEqualTo(conf);
    }

    @Test
    void theLastClusterRemovedLeavesAZeroByteFile() throws Exception {
        Path file = dir.resolve("cluster.conf");
        ConfFile.store(file, ConfEditor.addCluster(ClusterConf.empty(), "ocfs2"));
        ConfFile.store(file, ConfEditor.removeCluster(ConfFile.load(file).conf(), "ocfs2"));
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void aFailedStoreLeavesNothingBehind() throws Exception {
        Path target = dir.resolve("cluster.conf");
        Files.createDirectory(target); // a directory cannot be replaced by the rename
        assertThatThrownBy(() -> ConfFile.store(target, ClusterConf.empty())).isInstanceOf(IOException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> ConfFile.store(dir.resolve("nodir/cluster.conf"), ClusterConf.empty()))
                .isInstanceOf(IOException.class);
        assertThat(dir.resolve("nodir")).doesNotExist();
    }
}
