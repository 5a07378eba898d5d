package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeadLetterSerializer serializer = new DeadLetterSerializer("dlq");

    @Test
    void aNegativeOrMissingEventTimeIsLeftToKafkaWhichWouldRefuseANegativeOne() {
        DeadLetter d = new DeadLetter("timestamp_out_of_range", "timestamp", "too early", "{\"timestamp\":-1}", 5L);
        assertThat(serializer.serialize(d, null, -1L).timestamp()).isNull();
        assertThat(serializer.serialize(d, null, Long.MIN_VALUE).timestamp()).isNull();
        assertThat(serializer.serialize(d, null, null).timestamp()).isNull();
        assertThat(serializer.serialize(d, null, 1_700_000_000_000L).timestamp()).isEqualTo(1_700_000_000_000L);
        // Nothing Kafka's ProducerRecord refuses: it throws for a negative timestamp.
        ProducerRecord<byte[], byte[]> r = serializer.serialize(d, null, -1L);
        assertThat(new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), r.value())).isNotNull();
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
    void anOrdinaryDeadLetterKeepsItsWholeRawRecord() throws Exception {
        DeadLetter d = new DeadLetter("unknown_type", "type", "unknown", "{\"type\":\"hover\"}", 5L);
        JsonNode envelope = JSON.readTree(serializer.serialize(d, null, 1L).value());
        assertThat(envelope.get("raw").asText()).isEqualTo("{\"type\":\"hover\"}");
        assertThat(envelope.has("rawTruncated")).isFalse();
    }
}
