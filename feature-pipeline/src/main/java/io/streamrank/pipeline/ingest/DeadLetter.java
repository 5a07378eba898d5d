package io.streamrank.pipeline.ingest;

/**
 * A record the job could not use, routed to the dead-letter topic with the reason. A Flink POJO.
 */
public class DeadLetter {

    /** Stable reason code, e.g. {@code malformed_json}, {@code unknown_type}. */
    public String reason;
    /** Offending field, or null. */
    public String field;
    public String message;
    /** The record value as received (UTF-8 text). */
    public String raw;
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

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ", " + field + ", " + message + "}";
    }
}
