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
