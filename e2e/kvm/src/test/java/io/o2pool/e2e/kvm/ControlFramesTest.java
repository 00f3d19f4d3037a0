package io.o2pool.e2e.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ControlFramesTest {
    @Test
    void aRequestIsOneLineWhateverTheScriptHolds() {
        String script = "printf 'a\\nb' > /tmp/x\necho \"done $(hostname)\"\n";
        String line = ControlFrames.request(7, script, Duration.ofSeconds(90));
        assertThat(line).endsWith("\n").hasLineCount(1).startsWith("REQ 7 90 ");
        assertThat(new String(Base64.getDecoder().decode(line.strip().split(" ")[3]), StandardCharsets.UTF_8))
                .isEqualTo(script);
    }

    @Test
    void aTimeoutBelowOneSecondIsRoundedUpToOne() {
        assertThat(ControlFrames.request(1, "true", Duration.ofMillis(10))).startsWith("REQ 1 1 ");
        assertThatThrownBy(() -> ControlFrames.request(-1, "true", Duration.ofSeconds(1)))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void anAnswerCarriesIdExitCodeAndOutput() {
        String body = Base64.getEncoder().encodeToString("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ControlFrames.parse("RES 12 3 " + body + "\n")).contains(new ControlFrames.Answer(12, 3, "line 1\nline 2\n"));
    }

    @Test
    void noOutputIsAnEmptyBody() {
        assertThat(ControlFrames.parse("RES 5 0 ")).contains(new ControlFrames.Answer(5, 0, ""));
        assertThat(ControlFrames.parse("RES 5 126")).contains(new ControlFrames.Answer(5, 126, ""));
    }

    @Test
    void noiseIsNotAnAnswer() {
        assertThat(ControlFrames.parse("")).isEmpty();
        assertThat(ControlFrames.parse("garbage from before the host connected")).isEmpty();
        assertThat(ControlFrames.parse("RES x 0 ")).isEmpty();
        assertThat(ControlFrames.parse("RES 1 0 not*base64")).isEmpty();
        assertThat(ControlFrames.parse("REQ 1 30 dHJ1ZQ==")).isEmpty();
    }
}
