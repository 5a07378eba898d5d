package io.streamrank.ranking.web;

import java.util.Map;

/** An error with a known {@link ProblemType}; the handler turns it into problem details. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final transient Map<String, Object> properties;
    private final long retryAfterSeconds;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        this(type, detail, properties, 1L);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} with 503 answers */
    public ApiException(ProblemType type, String detail, Map<String, Object> properties, long retryAfterSeconds) {
        // No stack trace: these are answers to clients (a 503 under overload among them, when every microsecond
        // counts), never bugs to debug, and filling one walks the whole request stack.
        super(detail, null, false, false);
        this.type = type;
        this.properties = properties;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
