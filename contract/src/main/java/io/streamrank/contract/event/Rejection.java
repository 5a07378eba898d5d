package io.streamrank.contract.event;

/**
 * Why an event was not accepted.
 *
 * @param reason  stable machine-readable code (see {@link Reason})
 * @param field   the offending field, or {@code null} when the event as a whole is bad
 * @param message human-readable explanation, safe to show to clients
 */
public record Rejection(Reason reason, String field, String message) {

    /** Stable reason codes; also used as the dead-letter topic's reason header. */
    public enum Reason {
        MALFORMED_JSON("malformed_json"),
        MISSING_FIELD("missing_field"),
        INVALID_FIELD("invalid_field"),
        UNKNOWN_TYPE("unknown_type"),
        TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
