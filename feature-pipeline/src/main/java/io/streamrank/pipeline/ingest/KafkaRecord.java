package io.streamrank.pipeline.ingest;

/**
 * A clickstream record as read from Kafka: its key (null when it has none; the ingest endpoint keys by user id), its
 * value and its timestamp. The key travels with the value so that a record routed aside keeps it. A Flink POJO.
 */
public class KafkaRecord {

    /** Kafka's "no timestamp". */
    public static final long NO_TIMESTAMP = -1L;

    public byte[] key;
    public byte[] value;
    /** The record's Kafka timestamp (epoch milliseconds), or {@link #NO_TIMESTAMP} (a recording's line). */
    public long timestamp = NO_TIMESTAMP;

    public KafkaRecord() {
    }

    public KafkaRecord(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    public KafkaRecord(byte[] key, byte[] value, long timestamp) {
        this(key, value);
        this.timestamp = timestamp;
    }
}
