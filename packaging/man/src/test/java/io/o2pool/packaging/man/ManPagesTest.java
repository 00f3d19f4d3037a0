package io.o2pool.packaging.man;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ManPagesTest {
    private final Map<String, String> pages = new CliManPages("1.2.3", "2026-01-02").pages(Main.commandLine());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--host|\\-\\-host",
        "C:\\dir|C:\\edir",
        "a\tb|a    b",
        "plain|plain"})
    void escapesHyphensBackslashesAndTabs(String text, String troff) {
        assertThat(Troff.escape(text)).isEqualTo(troff);
    }

    @Test
    void aLineStartingWithAControlCharacterIsPrintedAsText() {
        String page = new Troff("x", 1, "d", "s", "m").paragraph(List.of(".hidden", "'quoted", "")).text();
        assertThat(page).contains("\n\\&.hidden\n", "\n\\&'quoted\n", "\n\\&\n");
    }

    @Test
    void onePagePerCommandAndGroupButTheDaemonsWhosePagesComeWithTheirPackages() {
        assertThat(pages).containsKeys("o2pool.1", "o2pool-server.1", "o2pool-server-add.1", "o2pool-pool-create.1",
                "o2pool-login.1", "o2pool-o2cb.1");
        assertThat(pages).doesNotContainKeys("o2pool-agent.1", "o2pool-manager.1", "o2pool-help.1");
    }

    @Test
    void aCommandsPageHasItsNameSynopsisOptionsAndParent() {
        String page = pages.get("o2pool-server-add.1");
        assertThat(page).startsWith(".TH \"O2POOL\\-SERVER\\-ADD\" 1 \"2026\\-01\\-02\" \"o2pool 1.2.3\"")
                .contains(".SH \"NAME\"\no2pool\\-server\\-add \\- add Server")
                .contains(".SH \"SYNOPSIS\"\n.PP\n.nf\no2pool server add")
                .contains("\\fB\\-\\-host\\fR")
                .contains(".SH \"SEE ALSO\"\n.BR o2pool\\-server (1)");
    }

    @Test
    void theRootPageListsTheCommandsAndPointsTheDaemonsToSection8() {
        String page = pages.get("o2pool.1");
        assertThat(page).contains(".SH \"COMMANDS\"", "\\fBserver\\fR", "See o2pool\\-agent(8).",
                ".BR o2pool\\-agent (8)", ".SH \"EXIT STATUS\"");
    }

    @Test
    void theDaemonPageShowsItsOwnHelpTextVerbatim() {
        String page = GenerateDocs.agent().text("1.2.3", "2026-01-02");
        assertThat(page).contains(".SH \"OPTIONS\"", "\\-\\-password\\-file FILE", "/etc/o2pool/agent.conf");
    }

    @Test
    void gzipAsGzip9nWritesMaximumCompressionNoNameNoTimeAndRoundTrips() throws IOException {
        byte[] text = pages.get("o2pool.1").getBytes(StandardCharsets.UTF_8);
        byte[] gz = GzipMax.compress(text);
        assertThat(gz[3]).as("flags: no file name").isZero();
        assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).as("mtime").containsOnly(0);
        assertThat(gz[8]).as("XFL: maximum compression").isEqualTo((byte) 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }

    @Test
    void theChangelogEntryNamesPackageVersionAndMaintainer() {
        String log = GenerateDocs.changelog("o2pool-agent", "1.2.3~SNAPSHOT", java.time.Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(log).startsWith("o2pool-agent (1.2.3~SNAPSHOT) unstable; urgency=medium\n")
                .endsWith(" -- o2pool maintainers <maintainers@o2pool.io>  Fri, 02 Jan 2026 03:04:05 +0000\n");
    }
}
