package io.o2pool.ocfs2.conf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the cluster.conf reader and writer, each checked on 2000 seeded random inputs (a failure names its
 * seed and input): random and mutated texts never raise anything but {@link ConfParseException}; writing a valid
 * model and parsing it gives the model back without warnings; and a loaded file keeps its model through a rewrite.
 */
class ConfPropertiesTest {
    private static final int TRIES = 2000;

    @Test
    void randomBytesOnlyEverRaiseTheParseException() {
        forAll(RandomConfs::bytes, text -> loadOrRefuse(text));
    }

    @Test
    void mutatedFilesOnlyEverRaiseTheParseException() {
        forAll(RandomConfs::mutated, text -> loadOrRefuse(text));
    }

    @Test
    void writeThenParseIsTheIdentityOnValidModels() {
        forAll(RandomConfs::validConf, conf -> {
            assertThat(ConfAudit.audit(conf)).as("the generator makes valid models").isEmpty();
            LoadedConf loaded = ConfReader.parse(ConfWriter.toBytes(conf));
            assertThat(loaded.conf()).isEqualTo(conf);
            assertThat(loaded.warnings()).isEmpty();
        });
    }

    @Test
    void aLoadedFileKeepsItsModelThroughARewrite() {
        int[] loaded = {0};
        forAll(RandomConfs::mutated, text -> {
            LoadedConf conf = loadOrRefuse(text);
            // a value ending in a backslash is written as a continuation that swallows the next line, as in 1.8.7
            if (conf != null && strings(conf.conf()).noneMatch(s -> s.endsWith("\\"))) {
                loaded[0]++;
                assertThat(ConfReader.parse(ConfWriter.toBytes(conf.conf())).conf()).isEqualTo(conf.conf());
            }
        });
        assertThat(loaded[0]).as("enough mutated files still load to make the property mean something")
                .isGreaterThan(TRIES / 10);
    }

    private static LoadedConf loadOrRefuse(byte[] text) {
        try {
            return ConfReader.parse(text);
        } catch (ConfParseException expected) {
            assertThat(expected.line()).isPositive();
            assertThat(expected.column()).isPositive();
            assertThat(expected.getMessage()).doesNotContain("\n");
            return null;
        }
    }

    private static Stream<String> strings(ClusterConf conf) {
        return conf.clusters().stream().flatMap(c -> Stream.concat(Stream.of(c.name()), Stream.concat(
                c.nodes().stream().map(Node::name), c.heartbeats().stream().map(HeartbeatRegion::region))));
    }

    /** A check that may throw anything; a throw other than an assertion error is a failed property too. */
    interface Check<T> {
        void accept(T value) throws Exception;
    }

    private static <T> void forAll(Function<Random, T> generator, Check<T> check) {
        for (int i = 0; i < TRIES; i++) {
            long seed = 0x2009_0601L + i;
            T value = generator.apply(new Random(seed));
            try {
                check.accept(value);
            } catch (Throwable failure) {
                throw new AssertionError("property fails for seed " + seed + " on " + describe(value), failure);
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof byte[] bytes
                ? "\"" + new String(bytes, StandardCharsets.ISO_8859_1).replace("\\", "\\\\").replace("\n", "\\n")
                .replace("\t", "\\t").replace("\r", "\\r").replace("\0", "\\0") + "\""
                : String.valueOf(value);
    }
}
