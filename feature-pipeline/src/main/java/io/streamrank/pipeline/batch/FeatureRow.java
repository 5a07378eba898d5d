package io.streamrank.pipeline.batch;

/**
 * One feature value of the batch path: either the value a key had just before an event (point in time, for training)
 * or a key's final value at the cut-off time. {@link #key} and {@link #value} are exactly what the streaming job writes
 * to Redis. A Flink POJO; one tab-separated line in the output files.
 */
public class FeatureRow {

    public static final String POINT_IN_TIME = "pit";
    public static final String FINAL = "final";

    public String kind;
    /** The event the row precedes ({@link #POINT_IN_TIME}); empty for {@link #FINAL}. */
    public String eventId;
    /** The event's time, or the time the final value is evaluated at. */
    public long timestamp;
    public String key;
    public String value;

    public FeatureRow() {
    }

    public FeatureRow(String kind, String eventId, long timestamp, String key, String value) {
        this.kind = kind;
        this.eventId = eventId;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** {@code kind \t eventId \t timestamp \t key \t value}. */
    public String toLine() {
        return kind + '\t' + eventId + '\t' + timestamp + '\t' + key + '\t' + value;
    }

    /** @throws IllegalArgumentException if the line is not in {@link #toLine()} form */
    public static FeatureRow parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("not a feature row: " + line);
        }
        return new FeatureRow(f[0], f[1], Long.parseLong(f[2]), f[3], f[4]);
    }
}
