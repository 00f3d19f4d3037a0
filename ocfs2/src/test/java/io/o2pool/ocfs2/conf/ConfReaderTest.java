package io.o2pool.ocfs2.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the reader accepts, what it refuses (line, column, what was expected), and the warnings it gives. */
class ConfReaderTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            h5-indented-comment.conf     | 3 | 2  | expected an attribute name (letters, digits, '_') after the indentation, but found '#' (a '#' comment must start in column 1)
            h7-crlf.conf                 | 1 | 9  | expected only spaces or tabs after 'cluster:' up to the end of the line, but found a carriage return (CRLF line endings are not accepted; save the file with LF endings)
            h15-attr-after-blank.conf    | 4 | 2  | attribute 'node_count' is not inside a stanza: the blank line 3 ended the stanza above it; remove that blank line
            h2-missing-node_count.conf   | 1 | 1  | cluster 'ocfs2' has no node_count; expected 'node_count = <number of nodes>' in its stanza
            h22-empty-node_count.conf    | 3 | 2  | cluster 'ocfs2' has no node_count; expected 'node_count = <number of nodes>' in its stanza
            h8-dup-node-name.conf        | 17 | 9 | node 'alpha' is defined a second time in cluster 'ocfs2' (first at line 5); node names must be unique
            h11-missing-ip_port.conf     | 5 | 1  | node 'alpha' of cluster 'ocfs2' has no ip_port; expected 'ip_port = <the TCP port, usually 7777>'
            h12-bad-ip.conf              | 9 | 15 | ip_address '10.0.0.300' of node 'alpha' is not an IPv4 address; expected four numbers 0-255 separated by dots, without leading zeros
            h14-hbmode-bogus.conf        | 3 | 19 | heartbeat_mode 'bogus' is invalid; expected 'local' or 'global'
            h19-cluster-no-name.conf     | 1 | 1  | the cluster stanza has no 'name' attribute; expected 'name = <cluster name>'
            h25-hex-number.conf          | 7 | 11 | number of node 'alpha' is '0x1'; expected a decimal number
            h30-duplicate-cluster.conf   | 6 | 9  | cluster 'ocfs2' is defined a second time (first at line 1); expected each cluster name once
            h34-negative-number.conf     | 7 | 11 | number of node 'alpha' is '-1', out of range; expected a decimal number from 0 to 2147483646
            h41-node_count-overflow.conf | 3 | 15 | node_count of cluster 'ocfs2' is '4294967296', out of range; expected a decimal number from 0 to 4294967295
            h42-dash-in-stanza-name.conf | 5 | 3  | expected ':' after the stanza name 'my', but found '-'
            h43-dash-in-key.conf         | 4 | 4  | expected '=' after the attribute name 'ip', but found '-'
            h44-attribute-before-stanza.conf | 1 | 2 | attribute 'node_count' is not inside a stanza: expected a stanza header such as 'cluster:' before it
            h64-space-before-colon.conf  | 1 | 8  | expected ':' after the stanza name 'cluster', but found a space
            h37-heartbeat-duplicate.conf | 11 | 11 | heartbeat region 'AB' of cluster 'ocfs2' is listed twice (first at line 5)
            h53-nul-after-one-char.conf  | 3 | 15 | node_count of cluster 'ocfs2' is '0 garbage'; expected a decimal number
            """)
    void refusesWithLineColumnAndWhatWasExpected(String file, int line, int column, String reason) {
        assertThatThrownBy(() -> ConfReader.parse(handwritten(file)))
                .isInstanceOfSatisfying(ConfParseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).isEqualTo("line " + line + ", column " + column + ": " + reason);
                });
    }

    @Test
    void loadsTheSeedFileExactly() throws Exception {
        ClusterConf conf = ConfReader.parse(handwritten("h1-spaces-comments-unknown.conf")).conf();
        assertThat(conf).isEqualTo(new ClusterConf(List.of(new Cluster("ocfs2", HeartbeatMode.LOCAL, 2, List.of(
                new Node("alpha", 0, "10.0.0.1", 7777), new Node("beta", 1, "10.0.0.2", 7777)), List.of()))));
    }

    @Test
    void warnsAboutWhatTheToolAcceptsAndTheStrictRulesRefuse() throws Exception {
        assertThat(warnings("h9-dup-node-number.conf")).containsExactly("line 14, column 11: node 'beta': number 0 "
                + "is already the number of node 'alpha' (line 5); node numbers must be unique");
        assertThat(warnings("h18-num300-port99999.conf")).containsExactly(
                "line 7, column 11: node 'alpha': Nodenum should be >=0 and < 255 but is 300; o2pool refuses such a "
                        + "value in the changes it makes",
                "line 8, column 12: node 'alpha': Port number '99999' is invalid; it must be between 1 and 65535; "
                        + "o2pool refuses such a value in the changes it makes");
        assertThat(warnings("h3-node_count-too-high.conf")).containsExactly("line 4, column 15: node_count is 10 but "
                + "cluster 'ocfs2' has 1 node(s); o2cb_ctl takes node_count as the next node number");
        assertThat(warnings("h60-blank-lines-with-spaces-and-dup-address.conf")).containsExactly(
                "line 16, column 15: node 'beta': 10.0.0.1:7777 is already the address of node 'alpha' (line 5); "
                        + "ip_address:ip_port must be unique");
        assertThat(warnings("h52-invalid-cluster-name.conf")).containsExactly("line 2, column 9: Cluster name is "
                + "invalid ; only alpha-numeric characters allowed ('my-cluster_1'); o2pool refuses such a value in "
                + "the changes it makes");
    }

    @Test
    void warnsAboutWhatARewriteDrops() throws Exception {
        assertThat(warnings("h1-spaces-comments-unknown.conf")).containsExactly(
                "line 5, column 5: attribute 'foo' is not used in a 'cluster:' stanza; it is dropped when the file "
                        + "is rewritten",
                "line 12, column 3: attribute 'extra_key' is not used in a 'node:' stanza; it is dropped when the "
                        + "file is rewritten");
        assertThat(warnings("h10-orphan-node.conf")).containsExactly("line 5, column 1: this node stanza belongs to "
                + "cluster 'other', which is not defined; o2cb ignores it and drops it when the file is rewritten");
        assertThat(warnings("h20-unknown-stanza.conf")).containsExactly("line 5, column 1: stanza 'foo:' is not used "
                + "by o2cb; it is dropped when the file is rewritten");
    }

    @Test
    void valuesAreTheRestOfTheLineWithTrailingBlanksDroppedAndContinuations() throws Exception {
        Cluster cluster = ConfReader.parse("cluster:\n\tname =   a b # c \t\n\tnode_count = 0\n").conf().clusters()
                .get(0);
        assertThat(cluster.name()).isEqualTo("a b # c");
        assertThat(ConfReader.parse(handwritten("h28-continuation.conf")).conf().clusters().get(0).nodes().get(0)
                .name()).isEqualTo("al\npha");
        assertThat(ConfReader.parse("cluster:\n\tname = x\\y\\\\z\n\tnode_count = 0\n").conf().clusters().get(0)
                .name()).isEqualTo("x\\y\\\\z");
    }

    @Test
    void aLaterDuplicateKeyWinsAndHeartbeatModeIsCaseInsensitive() throws Exception {
        assertThat(ConfReader.parse(handwritten("h21-dup-attr.conf")).conf().clusters().get(0).name())
                .isEqualTo("other");
        assertThat(ConfReader.parse(handwritten("h13-hbmode-upper.conf")).conf().clusters().get(0).heartbeatMode())
                .isEqualTo(HeartbeatMode.GLOBAL);
    }

    @Test
    void aNulByteEndsTheFileExceptRightAfterAOneCharacterWord() throws Exception {
        byte[] endsAtNul = "cluster:\n\tname = ab\n\tnode_count = 0\n\0garbage:x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ConfReader.parse(endsAtNul).conf().clusters()).hasSize(1);
        byte[] swallowed = "cluster:\n\tname = a\0bc\n\tnode_count = 0\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ConfReader.parse(swallowed).conf().clusters().get(0).name()).isEqualTo("a");
    }

    @Test
    void aSwallowedNulLetsScanningGoOnEvenInAComment() throws Exception {
        byte[] text = "cluster:\n\tname = ocfs2\n\tnode_count = 0\n# a\0\n\tname = changed\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ConfReader.parse(text).conf().clusters().get(0).name()).isEqualTo("changed");
    }

    @Test
    void anEmptyFileHasNoClusters() throws Exception {
        assertThat(ConfReader.parse(new byte[0])).isEqualTo(new LoadedConf(ClusterConf.empty(), List.of()));
    }

    private static List<String> warnings(String file) throws Exception {
        return ConfReader.parse(handwritten(file)).warnings().stream().map(ConfWarning::toString).toList();
    }

    static byte[] handwritten(String name) throws IOException {
        try (InputStream in = ConfReaderTest.class.getResourceAsStream("/io/o2pool/ocfs2/conf/handwritten/" + name)) {
            return in.readAllBytes();
        }
    }
}
