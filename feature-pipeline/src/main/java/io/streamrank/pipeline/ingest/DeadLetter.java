package io.streamrank.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record the job could not use, routed to the dead-letter topic with the reason. A Flink POJO.
 */
public class DeadLetter {

    /** Stable reason code, e.g. {@code malformed_json}, {@code unknown_type}. */
    public String reason;
    /** Offending field, or null. */
    public String field;
    public String message;
    /** The record value as received, when it is valid UTF-8 text; otherwise null and {@link #rawBase64} is set. */
    public String raw;
    /** The record value's bytes in base64, only when they are not valid UTF-8 (decoding would replace them). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String rawBase64;
    /**
     * The record's Kafka key as it came (null: none), sent as the dead letter's own key, not in its JSON: a record
     * replayed from the dead-letter topic goes to the partition, and the order, it was meant for.
     */
    @JsonIgnore
    public byte[] key;
    /** Wall-clock time the record was routed aside, epoch ms. */
    public long routedAt;

    public DeadLetter() {
    }

    public DeadLetter(String reason, String field, String message, String raw, long routedAt) {
        this.reason = reason;
        this.field = field;
        this.message = message;
        this.raw = raw;
        this.routedAt = routedAt;
    }

    /**
     * A dead letter carrying {@code value} unchanged: as text when it is valid UTF-8, else as base64, because decoding
     * invalid bytes replaces them with U+FFFD and the original record could not be recovered from the topic.
     */
    public static DeadLetter of(String reason, String field, String message, byte[] value, long routedAt) {
        byte[] bytes = value == null ? new byte[0] : value;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return new DeadLetter(reason, field, message, text, routedAt);
        } catch (CharacterCodingException e) {
            DeadLetter d = new DeadLetter(reason, field, message, null, routedAt);
            d.rawBase64 = Base64.getEncoder().encodeToString(bytes);
            return d;
        }
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ", " + field + ", " + message + "}";
    }
}
