package io.streamrank.contract.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrank.contract.event.Rejection.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * JSON codec and validator for {@link ClickEvent}. The ingest endpoint and the Flink job both use it, so an event is
 * accepted or rejected for the same reason wherever it enters.
 *
 * <p>Wire form: {@code {"eventId":"e1","userId":1,"itemId":2,"categoryId":3,"type":"click","timestamp":1700000000000}}
 * with {@code timestamp} in epoch milliseconds. Unknown fields are ignored so producers can add fields first.
 */
public final class EventCodec {

    /** 2000-01-01T00:00:00Z: anything earlier is a unit mistake (seconds sent as milliseconds) or garbage. */
    public static final long MIN_TIMESTAMP_MS = 946_684_800_000L;
    /**
     * Default tolerated clock skew of producers ahead of us. Small, because the feature job's windows slide with each
     * key's newest event: one stamped an hour ahead emptied its user's 5-minute windows and its item's hour of clicks.
     */
    public static final long DEFAULT_MAX_FUTURE_SKEW_MS = 120_000L;
    public static final int MAX_EVENT_ID_LENGTH = 128;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LongSupplier nowMs;
    private final long maxFutureSkewMs;

    public EventCodec(LongSupplier nowMs, long maxFutureSkewMs) {
        this.nowMs = nowMs;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    /** A codec that checks timestamps against the system clock with the default skew. */
    public static EventCodec systemClock() {
        return new EventCodec(System::currentTimeMillis, DEFAULT_MAX_FUTURE_SKEW_MS);
    }

    /** Decodes one event from raw bytes, e.g. a Kafka record value. Never throws on bad input. */
    public Decoded decode(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return Decoded.rejected(new Rejection(Reason.MALFORMED_JSON, null, "value is not valid JSON"));
        }
        return decode(node);
    }

    /** Validates one already-parsed JSON value. Never throws on bad input. */
    public Decoded decode(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Decoded.rejected(new Rejection(Reason.MALFORMED_JSON, null, "event must be a JSON object"));
        }
        JsonNode eventId = node.get("eventId");
        if (eventId == null || eventId.isNull()) {
            return missing("eventId");
        }
        if (!eventId.isTextual() || eventId.asText().isBlank() || eventId.asText().length() > MAX_EVENT_ID_LENGTH) {
            return invalid("eventId", "must be a non-blank string of at most " + MAX_EVENT_ID_LENGTH + " characters");
        }
        long[] ids = new long[3];
        String[] idFields = {"userId", "itemId", "categoryId"};
        for (int i = 0; i < idFields.length; i++) {
            JsonNode v = node.get(idFields[i]);
            if (v == null || v.isNull()) {
                return missing(idFields[i]);
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
                return invalid(idFields[i], "must be a positive integer");
            }
            ids[i] = v.asLong();
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            return missing("type");
        }
        var eventType = type.isTextual() ? EventType.fromWireName(type.asText()) : java.util.Optional.<EventType>empty();
        if (eventType.isEmpty()) {
            return Decoded.rejected(new Rejection(Reason.UNKNOWN_TYPE, "type",
                    "must be one of impression, click, cart, fav, buy"));
        }
        JsonNode ts = node.get("timestamp");
        if (ts == null || ts.isNull()) {
            return missing("timestamp");
        }
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
            return invalid("timestamp", "must be an integer (Unix epoch milliseconds)");
        }
        long timestamp = ts.asLong();
        long latest = nowMs.getAsLong() + maxFutureSkewMs;
        if (timestamp < MIN_TIMESTAMP_MS || timestamp > latest) {
            return Decoded.rejected(new Rejection(Reason.TIMESTAMP_OUT_OF_RANGE, "timestamp",
                    "must be Unix epoch milliseconds between 2000-01-01 and at most "
                            + (maxFutureSkewMs / 1000) + " s in the future"));
        }
        return Decoded.ok(new ClickEvent(eventId.asText(), ids[0], ids[1], ids[2], eventType.get(), timestamp));
    }

    /**
     * Decodes a JSON array of events, one {@link Decoded} per element in order.
     *
     * @throws IllegalArgumentException when the body is not a JSON array (the whole request is bad)
     */
    public List<Decoded> decodeArray(byte[] json) {
        return decodeArray(json, Integer.MAX_VALUE);
    }

    /**
     * As {@link #decodeArray(byte[])}, but reads at most {@code maxEvents + 1} elements, one at a time: a longer list
     * than {@code maxEvents} means the array holds more. A 1 MiB body of {@code [{},{},…]} is some 350,000 elements;
     * building them all (tens of MB of objects) only to refuse the request made the limit cost what it should prevent.
     *
     * @throws IllegalArgumentException when the body is not a JSON array (the whole request is bad)
     */
    public List<Decoded> decodeArray(byte[] json, int maxEvents) {
        List<Decoded> out = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("request body is not valid JSON");
            }
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("request body must be a JSON array of events");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (out.size() > maxEvents) {
                    return out;
                }
                out.add(decode(MAPPER.readTree(parser)));
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("request body is not valid JSON");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not valid JSON");
        }
        return out;
    }

    /** Encodes an event in its wire form. */
    public static byte[] encode(ClickEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("eventId", e.eventId());
        n.put("userId", e.userId());
        n.put("itemId", e.itemId());
        n.put("categoryId", e.categoryId());
        n.put("type", e.type().wireName());
        n.put("timestamp", e.timestamp());
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Decoded missing(String field) {
        return Decoded.rejected(new Rejection(Reason.MISSING_FIELD, field, field + " is required"));
    }

    private static Decoded invalid(String field, String why) {
        return Decoded.rejected(new Rejection(Reason.INVALID_FIELD, field, field + " " + why));
    }
}
