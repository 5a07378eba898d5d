package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeadLetterSerializer serializer = new DeadLetterSerializer("dlq");

    @Test
    void aDeadLetterIsStampedWhenItWasRoutedAsideWhateverTimeItsEventClaims() {
        // The event's own time may be negative (ProducerRecord throws) or far ahead (a Kafka 4 broker refuses more
        // than 1 h ahead by default): either failed the sink, at every restart again. Its raw record keeps it.
        DeadLetter d = new DeadLetter("timestamp_out_of_range", "timestamp", "out of range",
                "{\"timestamp\":1764000000000000}", 1_764_000_000_000L);
        for (Long eventTime : new Long[] {-1L, Long.MIN_VALUE, null, 1_764_000_000_000_000L, 17L}) {
            ProducerRecord<byte[], byte[]> r = serializer.serialize(d, null, eventTime);
            assertThat(r.timestamp()).as("event time " + eventTime).isEqualTo(1_764_000_000_000L);
            // The producer refuses a negative stamp when it builds the record it sends: this copy is what it builds.
            assertThatCode(() -> new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), r.value()))
                    .doesNotThrowAnyException();
        }
        DeadLetter unstamped = new DeadLetter("malformed_json", null, "x", "{oops", 0L);
        assertThat(serializer.serialize(unstamped, null, 5L).timestamp()).as("left to Kafka").isNull();
    }

    @Test
    void aRawRecordTooLargeToSendIsCutAndSaysSo() throws Exception {
        // Control characters are escaped as six bytes each: 200,000 of them would be a 1.2 MB envelope.
        String raw = "\u0001".repeat(200_000);
        DeadLetter d = new DeadLetter("malformed_json", null, "not JSON", raw, 5L);

        byte[] value = serializer.serialize(d, null, 1L).value();

        assertThat(value.length).isLessThanOrEqualTo(DeadLetterSerializer.MAX_VALUE_BYTES);
        JsonNode envelope = JSON.readTree(value);
        assertThat(envelope.get("reason").asText()).isEqualTo("malformed_json");
        assertThat(envelope.get("rawTruncated").asBoolean()).isTrue();
        assertThat(envelope.get("rawChars").asInt()).isEqualTo(200_000);
        assertThat(envelope.get("raw").asText()).hasSize(DeadLetterSerializer.MAX_RAW_CHARS);
    }

    @Test
    void aRecordKeyTooLargeToSendIsDroppedAndSaysSo() throws Exception {
        // A direct producer's 780 KB key with a 250 KB value of quotes (escaped to ~500 KB, under the envelope's cut):
        // the broker took the original record, but key and envelope together were past the producer's 1 MB.
        DeadLetter d = new DeadLetter("malformed_json", null, "not JSON", "\"".repeat(250_000), 5L);
        d.key = new byte[780_000];

        ProducerRecord<byte[], byte[]> r = serializer.serialize(d, null, 1L);

        assertThat(r.key()).isNull();
        assertThat(new String(r.headers().lastHeader("keyDroppedBytes").value(), StandardCharsets.UTF_8))
                .isEqualTo("780000");
        assertThat(r.value().length).isLessThanOrEqualTo(DeadLetterSerializer.MAX_VALUE_BYTES);
        // An ordinary key, a user id, travels as it came.
        DeadLetter small = new DeadLetter("unknown_type", "type", "unknown", "{\"type\":\"hover\"}", 5L);
        small.key = "42".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> kept = serializer.serialize(small, null, 1L);
        assertThat(kept.key()).isEqualTo(small.key);
        assertThat(kept.headers().lastHeader("keyDroppedBytes")).isNull();
    }

    @Test
    void anOrdinaryDeadLetterKeepsItsWholeRawRecord() throws Exception {
        DeadLetter d = new DeadLetter("unknown_type", "type", "unknown", "{\"type\":\"hover\"}", 5L);
        JsonNode envelope = JSON.readTree(serializer.serialize(d, null, 1L).value());
        assertThat(envelope.get("raw").asText()).isEqualTo("{\"type\":\"hover\"}");
        assertThat(envelope.has("rawTruncated")).isFalse();
    }

    @Test
    void aRecordThatIsNotUtf8TravelsAsBase64SoItsBytesCanBeRecovered() throws Exception {
        // Decoded as text, 0xC3 0x28 and 0xFF would both become U+FFFD and the record could not be replayed as sent.
        byte[] value = {'{', (byte) 0xC3, 0x28, (byte) 0xFF, '}'};
        DeadLetter d = DeadLetter.of("malformed_json", null, "not JSON", value, 5L);

        JsonNode envelope = JSON.readTree(serializer.serialize(d, null, 1L).value());

        assertThat(envelope.get("raw").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(envelope.get("rawBase64").asText())).isEqualTo(value);
    }

    @Test
    void aValidUtf8RecordTravelsAsTextWithNoBase64Field() throws Exception {
        byte[] value = "{\"type\":\"h\u00f6ver\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode envelope = JSON.readTree(serializer.serialize(
                DeadLetter.of("unknown_type", "type", "unknown", value, 5L), null, 1L).value());
        assertThat(envelope.get("raw").asText()).isEqualTo("{\"type\":\"h\u00f6ver\"}");
        assertThat(envelope.has("rawBase64")).isFalse();
    }

    @Test
    void aTooLargeRecordThatIsNotUtf8IsCutAtAWholeBase64Group() throws Exception {
        byte[] value = new byte[600_000];
        Arrays.fill(value, (byte) 0xFF);
        DeadLetter d = DeadLetter.of("malformed_json", null, "not JSON", value, 5L);

        byte[] sent = serializer.serialize(d, null, 1L).value();

        assertThat(sent.length).isLessThanOrEqualTo(DeadLetterSerializer.MAX_VALUE_BYTES);
        JsonNode envelope = JSON.readTree(sent);
        assertThat(envelope.get("rawTruncated").asBoolean()).isTrue();
        assertThat(envelope.get("rawBytes").asInt()).isEqualTo(600_000);
        byte[] head = Base64.getDecoder().decode(envelope.get("rawBase64").asText());
        assertThat(head).hasSize(DeadLetterSerializer.MAX_RAW_CHARS / 4 * 3)
                .isEqualTo(Arrays.copyOf(value, head.length));
    }

    @Test
    void aDeadLetterIsSentWithTheKeyItsRecordCameWithAndNotInItsJson() throws Exception {
        DeadLetter d = DeadLetter.of("malformed_json", null, "not JSON", "{oops".getBytes(StandardCharsets.UTF_8), 5L);
        d.key = "42".getBytes(StandardCharsets.UTF_8);

        ProducerRecord<byte[], byte[]> r = serializer.serialize(d, null, 1L);

        assertThat(r.key()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
        assertThat(JSON.readTree(r.value()).has("key")).isFalse();
    }
}
