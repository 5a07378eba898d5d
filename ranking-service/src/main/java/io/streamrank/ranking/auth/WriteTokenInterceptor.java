package io.streamrank.ranking.auth;

import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses writes without the token with 401 {@code unauthorized} (ADR 78). It runs once the handler is chosen and
 * before its arguments are resolved, so before any body is read: the ingest controller reads its body itself and the
 * catalog's is parsed while resolving arguments, both after this. The body limit filter only wraps the stream, so an
 * oversized body without the token is a 401 too. The exception reaches {@code ApiExceptionHandler}, which writes the
 * problem with the request id and the {@code WWW-Authenticate} challenge.
 */
final class WriteTokenInterceptor implements HandlerInterceptor {

    private final Supplier<BearerTokens> tokens;

    /** @param tokens the tokens in force, which a reload of the token file may replace (ADR 85) */
    WriteTokenInterceptor(Supplier<BearerTokens> tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        BearerTokens token = tokens.get();
        // An error dispatch (the container's /error) writes nothing; the request it reports was checked on its own.
        if (!token.required() || request.getDispatcherType() != DispatcherType.REQUEST
                || !WriteOperations.needsToken(request.getMethod(), handler)) {
            return true;
        }
        if (!token.permits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            // Says what to send, never what was sent.
            throw new ApiException(ProblemType.UNAUTHORIZED, "this request changes data and needs the API's write "
                    + "token: Authorization: Bearer <token>");
        }
        return true;
    }
}
