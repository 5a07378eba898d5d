package io.streamrank.ranking.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Problem details for the errors {@link ApiExceptionHandler} never sees: those raised before a controller is chosen
 * (a servlet filter, the container), which the container forwards to {@code /error}. Boot's default answered them with
 * its own JSON (status 500, no problem type); here they get the same stable types as every other error.
 */
@Hidden // not an endpoint of the API: the container's error path
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemType type = typeOf(error, code instanceof Integer i ? i : 500);
        String detail = switch (type) {
            case BODY_TOO_LARGE -> "request body is over this endpoint's limit";
            case NOT_FOUND -> "no such resource";
            case INTERNAL -> "unexpected error; quote the request id when reporting it";
            default -> type.title().toLowerCase(java.util.Locale.ROOT);
        };
        if (type == ProblemType.INTERNAL) {
            log.error("unexpected error for request {}", RequestIds.of(request), error);
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return ApiExceptionHandler.problem(type, detail, uri != null ? uri.toString() : request.getRequestURI(),
                request, Map.of());
    }

    static ProblemType typeOf(Throwable error, int status) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException) {
                return ProblemType.BODY_TOO_LARGE;
            }
        }
        HttpStatus known = HttpStatus.resolve(status);
        return switch (known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known) {
            case BAD_REQUEST -> ProblemType.INVALID_REQUEST;
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ProblemType.METHOD_NOT_ALLOWED;
            case CONTENT_TOO_LARGE -> ProblemType.BODY_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case NOT_ACCEPTABLE -> ProblemType.NOT_ACCEPTABLE;
            default -> ProblemType.INTERNAL;
        };
    }
}
