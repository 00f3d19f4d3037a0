package io.o2pool.agent.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** Failures are named in words, never "null" (seen: "GET .../v1/cluster failed: null" for a host that was gone). */
class AgentClientDescribeTest {
    @Test
    void aFailureWithoutMessagesSaysWhatKindItIs() {
        assertThat(AgentClient.describe(new IOException(new ConnectException()))).isEqualTo("connection refused");
        assertThat(AgentClient.describe(new HttpConnectTimeoutException(null))).isEqualTo("connect timed out");
        assertThat(AgentClient.describe(new IOException((String) null))).isEqualTo("IOException");
    }

    @Test
    void aMessageIsKeptWithItsKind() {
        assertThat(AgentClient.describe(new IOException("wrapper", new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused");
        assertThat(AgentClient.describe(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("HTTP connect timed out");
    }
}
