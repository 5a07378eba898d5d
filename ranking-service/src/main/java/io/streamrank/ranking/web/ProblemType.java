package io.streamrank.ranking.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The stable problem types this API answers with (RFC 9457 {@code type}). Clients may switch on the URI; the titles
 * are for people. Documented in docs/api.md.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    MALFORMED_BODY("malformed-body", HttpStatus.BAD_REQUEST, "Malformed request body"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    TOO_MANY_EVENTS("too-many-events", HttpStatus.BAD_REQUEST, "Too many events in one request"),
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    NO_VALID_EVENTS("no-valid-events", HttpStatus.UNPROCESSABLE_CONTENT, "No event in the request is valid"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    INGEST_UNAVAILABLE("ingest-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Event ingest temporarily unavailable"),
    CATALOG_UNAVAILABLE("catalog-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Catalog store temporarily unavailable"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Too many requests in progress"),
    INTERNAL("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    public static final String BASE = "https://streamrank.io/problems/";

    private final URI uri;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
