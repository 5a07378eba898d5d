package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingProperties.Rules.RecordShown;
import io.streamrank.ranking.TestProperties;
import io.streamrank.ranking.auth.TestWriteAccess;
import io.streamrank.ranking.auth.WriteAccess;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;

/** ADR 84: which answers are recorded as shown, by {@code streamrank.rules.record-shown} and the request's token. */
@ExtendWith(OutputCaptureExtension.class)
class ShownRecordingTest {

    private static final String TOKEN = "s3cret-0123456789-abcdef";
    private static final String WARNING = "record-shown=with-token, but the service has no API write token";

    @Test
    void withTokenOnlyARequestCarryingTheWriteTokenRecordsItsAnswer(CapturedOutput output) {
        ShownRecording recording = recording("with-token", TestWriteAccess.withToken(TOKEN));

        assertThat(recording.records(request("Bearer " + TOKEN))).isTrue();
        assertThat(recording.records(request(null))).as("no token").isFalse();
        assertThat(recording.records(request("Bearer wrong-token-0123456789"))).as("a wrong token").isFalse();
        assertThat(recording.records(request("Bearer " + TOKEN + "x"))).as("a longer one").isFalse();
        assertThat(recording.records(request("Basic " + TOKEN))).as("another scheme").isFalse();
        assertThat(output).doesNotContain(WARNING);
    }

    @Test
    void alwaysRecordsEveryAnswerTokenOrNot(CapturedOutput output) {
        ShownRecording recording = recording("always", TestWriteAccess.withToken(TOKEN));

        assertThat(recording.records(request(null))).isTrue();
        assertThat(recording.records(request("Bearer wrong-token-0123456789"))).isTrue();
        assertThat(recording.records(request("Bearer " + TOKEN))).isTrue();
        assertThat(recording("always", TestWriteAccess.none()).records(request(null))).isTrue();
        assertThat(output).doesNotContain(WARNING);
    }

    @Test
    void withTokenOnAServiceWithoutATokenRecordsEveryAnswerAndWarnsOnceAtStart(CapturedOutput output) {
        ShownRecording recording = recording("with-token", TestWriteAccess.none());

        assertThat(recording.records(request(null))).isTrue();
        assertThat(recording.records(request("Bearer " + TOKEN))).isTrue();
        assertThat(output).containsPattern("WARN .*streamrank.rules.record-shown=with-token, but the service has no "
                + "API write token .*every answer is recorded as shown");
        assertThat(output.toString().split(WARNING, -1)).as("one warning, from the start").hasSize(2);
    }

    @Test
    void theDefaultIsAlwaysAndAnotherValueDoesNotBind() {
        assertThat(TestProperties.load(Map.of()).rules().recordShown()).isEqualTo(RecordShown.ALWAYS);
        assertThat(TestProperties.load(Map.of("streamrank.rules.record-shown", "with-token")).rules().recordShown())
                .isEqualTo(RecordShown.WITH_TOKEN);
        assertThatThrownBy(() -> TestProperties.load(Map.of("streamrank.rules.record-shown", "sometimes")))
                .hasStackTraceContaining("sometimes");
    }

    private static ShownRecording recording(String recordShown, WriteAccess access) {
        return new ShownRecording(TestProperties.load(Map.of("streamrank.rules.record-shown", recordShown)), access);
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/v1/recommendations");
        r.setParameter("userId", "7");
        if (authorization != null) {
            r.addHeader("Authorization", authorization);
        }
        return r;
    }
}
