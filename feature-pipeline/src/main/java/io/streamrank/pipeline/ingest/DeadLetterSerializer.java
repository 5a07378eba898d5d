package io.streamrank.pipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Serializes dead letters as a JSON envelope {@code {reason, field, message, raw, routedAt}} with the reason also in
 * a {@code reason} header, so an operator can filter the dead-letter topic without parsing values.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] value;
        try {
            value = MAPPER.writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            value = ("{\"reason\":\"" + d.reason + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp, null, value);
        record.headers().add("reason", d.reason.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
