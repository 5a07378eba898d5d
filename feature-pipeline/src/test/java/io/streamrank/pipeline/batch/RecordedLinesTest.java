package io.streamrank.pipeline.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.Decoded;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordedLinesTest {

    private final RecordedLines lines = new RecordedLines();
    private final EventCodec codec = new EventCodec(() -> Long.MAX_VALUE / 2, 0L);

    @Test
    void aTaobaoRowBecomesTheEventTheStreamingJobWouldHaveDecoded() {
        Decoded d = codec.decode(lines.map("  1,2268318,2520377,cart,1511544070 ").value);

        assertThat(d.isOk()).isTrue();
        ClickEvent e = d.event();
        assertThat(e.userId()).isEqualTo(1L);
        assertThat(e.itemId()).isEqualTo(2268318L);
        assertThat(e.categoryId()).isEqualTo(2520377L);
        assertThat(e.type()).isEqualTo(EventType.CART);
        assertThat(e.timestamp()).isEqualTo(1_511_544_070_000L);
    }

    @Test
    void aJsonEventLinePassesAsItIs() {
        String json = "{\"eventId\":\"x\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\","
                + "\"timestamp\":1511544070000}";
        assertThat(new String(lines.map(json + "\n").value, StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void anythingElsePassesUnchangedForTheDecoderToReject() {
        byte[] value = lines.map("1,2,3,hover,1511544070").value;
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("1,2,3,hover,1511544070");
        assertThat(codec.decode(value).isOk()).isFalse();
    }
}
