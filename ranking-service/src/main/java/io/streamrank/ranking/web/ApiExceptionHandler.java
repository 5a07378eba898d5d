package io.streamrank.ranking.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place errors become RFC 9457 problem details: stable {@code type} URIs ({@link ProblemType}), the request
 * id, and messages about the request, never exception class names or stack traces.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** The challenge every 401 carries (RFC 6750): the scheme to use and this API's realm (the registry's differs). */
    static final String BEARER_CHALLENGE = "Bearer realm=\"streamrank\"";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = problem(e.type(), e.getMessage(), request, e.properties());
        if (e.type().status() == HttpStatus.SERVICE_UNAVAILABLE) {
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds())).body(response.getBody());
        }
        if (e.type() == ProblemType.UNAUTHORIZED) {
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).body(response.getBody());
        }
        return response;
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(f -> errors.add(Map.of("field", f.getField(),
                "message", String.valueOf(f.getDefaultMessage()))));
        return problem(ProblemType.INVALID_REQUEST, "request body has invalid fields", request,
                Map.of("errors", errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(Map.of(
                "field", String.valueOf(r.getMethodParameter().getParameterName()),
                "message", String.valueOf(err.getDefaultMessage())))));
        return problem(ProblemType.INVALID_REQUEST, "request parameters are invalid", request,
                Map.of("errors", errors));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e, HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getConstraintViolations().forEach(v -> errors.add(Map.of("field", v.getPropertyPath().toString(),
                "message", v.getMessage())));
        return problem(ProblemType.INVALID_REQUEST, "request is invalid", request, Map.of("errors", errors));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return problem(ProblemType.INVALID_REQUEST, "parameter '" + e.getParameterName() + "' is required", request,
                Map.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(ProblemType.INVALID_REQUEST, "parameter '" + e.getName() + "' has an invalid value", request,
                Map.of("errors", List.of(Map.of("field", e.getName(), "message", "has an invalid value"))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
                return problem(ProblemType.BODY_TOO_LARGE, tooLarge.getMessage(), request, Map.of());
            }
        }
        return problem(ProblemType.MALFORMED_BODY, "request body is missing or is not valid JSON of the expected shape",
                request, Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "use Content-Type: application/json", request, Map.of());
    }

    /**
     * An {@code Accept} header that names no type the endpoint writes (only JSON). The problem itself is written as
     * {@code application/problem+json} anyway, as RFC 9457 clients expect; without this handler it was a 500.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(ProblemType.NOT_ACCEPTABLE, "this resource is available as application/json only; send "
                + "Accept: application/json (or none)", request, Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(ProblemType.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not supported here", request,
                Map.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e, HttpServletRequest request) {
        return problem(ProblemType.NOT_FOUND, "no such resource", request, Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error for request {}", RequestIds.of(request), e);
        return problem(ProblemType.INTERNAL, "unexpected error; quote the request id when reporting it", request,
                Map.of());
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, HttpServletRequest request,
                                                         Map<String, Object> properties) {
        return problem(type, detail, request.getRequestURI(), request, properties);
    }

    /**
     * The problem response every error gets: its stable type, the request id, {@code instance} the path the client
     * asked for (on the container's error path, not {@code /error}).
     */
    static ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, String instance,
                                                 HttpServletRequest request, Map<String, Object> properties) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(type.status(), detail);
        pd.setType(type.uri());
        pd.setTitle(type.title());
        pd.setInstance(URI.create(instance));
        pd.setProperty("requestId", RequestIds.of(request));
        properties.forEach(pd::setProperty);
        return ResponseEntity.status(type.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }
}
