package io.streamrank.pipeline.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads an event's {@code timestamp} straight from its raw JSON, so that the Kafka source can assign event time and
 * keep one watermark per partition (split) before anything is decoded. A streaming scan of the top-level fields, no
 * tree; anything unreadable gives {@link Long#MIN_VALUE}, which never moves a watermark (the decoder then rejects the
 * record with its proper reason).
 */
public final class EventTimestamps {

    private static final JsonFactory JSON = new JsonFactory();

    private EventTimestamps() {
    }

    /**
     * The event time a record gives its partition's watermark: {@link #of} its raw value, or {@link Long#MIN_VALUE}
     * (none) when that is more than {@code maxFutureSkewMs} ahead of the record's Kafka timestamp (a negative Kafka
     * timestamp: none known, the event's own time counts). Only ahead: a backlog or a replay of recorded events is
     * stamped long after its events, and those are fine.
     */
    public static long forWatermark(byte[] value, long kafkaTimestamp, long maxFutureSkewMs) {
        long t = of(value);
        if (t != Long.MIN_VALUE && kafkaTimestamp >= 0 && t - kafkaTimestamp > maxFutureSkewMs) {
            return Long.MIN_VALUE;
        }
        return t;
    }

    public static long of(byte[] value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isTimestamp = "timestamp".equals(p.currentName());
                JsonToken v = p.nextToken();
                if (isTimestamp) {
                    return v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue() : Long.MIN_VALUE;
                }
                p.skipChildren();
            }
            return Long.MIN_VALUE;
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
