package io.streamrank.pipeline.ingest;

/**
 * A clickstream record as read from Kafka: its key (null when it has none; the ingest endpoint keys by user id) and
 * its value. The key travels with the value so that a record routed aside keeps it. A Flink POJO.
 */
public class KafkaRecord {

    public byte[] key;
    public byte[] value;

    public KafkaRecord() {
    }

    public KafkaRecord(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }
}
