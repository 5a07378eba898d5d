package io.streamrank.pipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Serializes dead letters as a JSON envelope {@code {reason, field, message, raw, routedAt}} with the reason also in
 * a {@code reason} header, so an operator can filter the dead-letter topic without parsing values. A record value that
 * is not valid UTF-8 travels as {@code rawBase64} instead of {@code raw}. An envelope over {@value #MAX_VALUE_BYTES}
 * bytes carries the raw record's first {@value #MAX_RAW_CHARS} characters, with {@code rawTruncated: true} and
 * {@code rawChars} (or {@code rawBytes} for base64). A record key over {@value #MAX_KEY_BYTES} bytes is dropped, its
 * length in a {@code keyDroppedBytes} header.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Larger envelopes are sent with their raw record cut (512 KiB, half the producer's default request size). */
    static final int MAX_VALUE_BYTES = 512 * 1024;
    /**
     * A longer record key is not carried into the dead letter (64 KiB; the clickstream's keys are user ids), so that
     * key and envelope together stay under the producer's 1 MB request size.
     */
    static final int MAX_KEY_BYTES = 64 * 1024;
    /** Characters of the raw record a cut envelope keeps: at most 6 bytes each once escaped, under the bound above. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] value = encode(d, d);
        if (value.length > MAX_VALUE_BYTES) {
            value = encodeTruncated(d);
        }
        // Stamped when it was routed aside, not with the time its event claims (the raw record keeps that): a claim
        // that is negative (ProducerRecord throws) or more than an hour ahead (a Kafka 4 broker refuses it by
        // default) would fail the task, and the restarted task would meet the same record again.
        Long stamp = d.routedAt > 0 ? d.routedAt : null;
        byte[] key = d.key;
        boolean keyDropped = key != null && key.length > MAX_KEY_BYTES;
        if (keyDropped) {
            // Not a user id: kept, it could make the dead letter larger than the producer's request size, failing the
            // task at every restart on the same record. Its length is in a header.
            key = null;
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, stamp, key, value);
        record.headers().add("reason", d.reason.getBytes(StandardCharsets.UTF_8));
        if (keyDropped) {
            record.headers().add("keyDroppedBytes",
                    Integer.toString(d.key.length).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static byte[] encode(Object envelope, DeadLetter d) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            return ("{\"reason\":\"" + d.reason + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The envelope with the first {@value #MAX_RAW_CHARS} characters of the raw record and its full length: the whole
     * one did not fit under the producer's request size (1 MB by default; escaping can make a character six bytes),
     * and a record the sink cannot send would fail the task at every restart.
     */
    static byte[] encodeTruncated(DeadLetter d) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("reason", d.reason);
        envelope.put("field", d.field);
        envelope.put("message", d.message);
        if (d.rawBase64 != null) {
            // MAX_RAW_CHARS is a multiple of 4, so the cut base64 still decodes (to the first 48 KiB of the bytes).
            envelope.put("raw", null);
            envelope.put("rawBase64", d.rawBase64.substring(0, Math.min(d.rawBase64.length(), MAX_RAW_CHARS)));
            envelope.put("rawTruncated", true);
            envelope.put("rawBytes", Base64.getDecoder().decode(d.rawBase64).length);
        } else {
            envelope.put("raw", d.raw == null ? null : d.raw.substring(0, Math.min(d.raw.length(), MAX_RAW_CHARS)));
            envelope.put("rawTruncated", true);
            envelope.put("rawChars", d.raw == null ? 0 : d.raw.length());
        }
        envelope.put("routedAt", d.routedAt);
        return encode(envelope, d);
    }
}
