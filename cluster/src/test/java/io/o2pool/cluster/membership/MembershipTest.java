package io.o2pool.cluster.membership;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The event line format and the write-latency histogram. */
class MembershipTest {

    @Test
    void eventsAreOneJsonObjectPerLineWithTheDocumentedFields() throws Exception {
        MembershipEvent e = new MembershipEvent(Instant.parse("2009-06-01T00:00:04Z"), "vm-host03", "vm-host02",
                EventType.NODE_DOWN, "no heartbeat for 31 samples \"dead\"\n");
        String line = e.toJsonLine();
        assertThat(line).doesNotContain("\n").startsWith("{\"time\": \"2009-06-01T00:00:04Z\", \"node\": \"vm-host03\"");
        JsonNode n = new ObjectMapper().readTree(line);
        assertThat(n.get("event").asText()).isEqualTo("node-down");
        assertThat(n.get("peer").asText()).isEqualTo("vm-host02");
        assertThat(n.get("reason").asText()).isEqualTo("no heartbeat for 31 samples \"dead\"\n");
        assertThat(n.size()).isEqualTo(5);
    }

    @Test
    void histogramBucketsAndPercentiles() {
        WriteLatencyHistogram h = new WriteLatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i);
        }
        h.record(45_000);
        assertThat(h.count()).isEqualTo(101);
        assertThat(h.percentileMs(50)).isEqualTo(51);
        assertThat(h.percentileMs(99)).isEqualTo(100);
        assertThat(h.maxMs()).isEqualTo(45_000);
        assertThat(h.last(3)).containsExactly(99L, 100L, 45_000L);
        long[] buckets = h.bucketCounts();
        assertThat(buckets[0]).isEqualTo(1); // <= 1 ms
        assertThat(buckets[14]).isEqualTo(1); // <= 60 s
    }
}
