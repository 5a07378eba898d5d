package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeEventsTest {

    @Test
    void validEventsFlowOnAndBadRecordsGoToDeadLettersWithTheirReason() throws Exception {
        long now = System.currentTimeMillis();
        ClickEvent good = new ClickEvent("e1", 1L, 2L, 3L, EventType.CLICK, now);
        try (OneInputStreamOperatorTestHarness<KafkaRecord, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new DecodeEvents(60_000L))) {
            h.processElement(new KafkaRecord(null, EventCodec.encode(good)), 0L);
            h.processElement(new KafkaRecord("7".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8)), 0L);
            h.processElement(new KafkaRecord(null, ("{\"eventId\":\"x\",\"userId\":1,\"itemId\":2,\"categoryId\":3,"
                    + "\"type\":\"like\",\"timestamp\":" + now + "}").getBytes(StandardCharsets.UTF_8)), 0L);
            h.processElement(new KafkaRecord(null, null), 0L);

            assertThat(h.extractOutputValues()).containsExactly(good);
            var dead = h.getSideOutput(DecodeEvents.DEAD_LETTERS);
            assertThat(dead).hasSize(3);
            assertThat(dead).extracting(r -> r.getValue().reason)
                    .containsExactly("malformed_json", "unknown_type", "malformed_json");
            assertThat(dead.peek().getValue().raw).isEqualTo("not json");
            assertThat(dead.peek().getValue().key).as("the record's own key, for a replay to its partition")
                    .isEqualTo("7".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRecordThatIsNotUtf8IsDeadLetteredWithItsExactBytes() throws Exception {
        byte[] value = {(byte) 0xFE, (byte) 0xFF, 0, 1};
        try (OneInputStreamOperatorTestHarness<KafkaRecord, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new DecodeEvents(60_000L))) {
            h.processElement(new KafkaRecord(null, value), 0L);

            assertThat(h.extractOutputValues()).isEmpty();
            DeadLetter d = h.getSideOutput(DecodeEvents.DEAD_LETTERS).peek().getValue();
            assertThat(d.raw).isNull();
            assertThat(Base64.getDecoder().decode(d.rawBase64)).isEqualTo(value);
        }
    }

    @Test
    void anEventFurtherAheadOfItsKafkaRecordThanTheSkewIsRefusedAlsoWhileABacklogIsRead() throws Exception {
        long now = System.currentTimeMillis();
        long written = now - 3 * 3_600_000L; // a record written three hours ago, read now
        try (OneInputStreamOperatorTestHarness<KafkaRecord, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new DecodeEvents(60_000L))) {
            ClickEvent hourAhead = new ClickEvent("ahead", 1L, 2L, 3L, EventType.CLICK, written + 3_600_000L);
            ClickEvent withinSkew = new ClickEvent("skewed", 1L, 2L, 3L, EventType.CLICK, written + 30_000L);
            ClickEvent recorded = new ClickEvent("recorded", 1L, 2L, 3L, EventType.CLICK, now - 3_600_000L);
            h.processElement(new KafkaRecord(null, EventCodec.encode(hourAhead), written), 0L);
            h.processElement(new KafkaRecord(null, EventCodec.encode(withinSkew), written), 0L);
            // A recording's line has no Kafka timestamp: judged against the clock.
            h.processElement(new KafkaRecord(null, EventCodec.encode(recorded)), 0L);

            assertThat(h.extractOutputValues()).containsExactly(withinSkew, recorded);
            assertThat(h.getSideOutput(DecodeEvents.DEAD_LETTERS)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason).isEqualTo("timestamp_out_of_range"));
        }
    }
}
