package io.streamrank.ranking.auth;

import java.lang.reflect.Method;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * The one rule of which requests need the write token, used both to check requests and to write the OpenAPI document,
 * so the two cannot disagree: a handler reached with any method but GET, HEAD or OPTIONS, unless it is
 * {@link OpenRead}.
 */
final class WriteOperations {

    private WriteOperations() {
    }

    /** Whether a request with this HTTP method, answered by {@code handler}, needs the token. */
    static boolean needsToken(String httpMethod, Method handler) {
        return !isSafe(httpMethod) && !handler.isAnnotationPresent(OpenRead.class);
    }

    /**
     * The same for any handler the dispatcher chose: one that is not a controller method (a static resource, a
     * router function added later) cannot be marked {@link OpenRead}, so every unsafe method to it needs the token.
     */
    static boolean needsToken(String httpMethod, Object handler) {
        return handler instanceof HandlerMethod method ? needsToken(httpMethod, method.getMethod())
                : !isSafe(httpMethod);
    }

    /** Whether some request to {@code handler} needs the token, by the HTTP methods it is mapped to. */
    static boolean needsToken(Method handler) {
        if (handler.isAnnotationPresent(OpenRead.class)) {
            return false;
        }
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler, RequestMapping.class);
        if (mapping == null || mapping.method().length == 0) {
            return true; // every method, the unsafe ones among them
        }
        for (RequestMethod m : mapping.method()) {
            if (!isSafe(m.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSafe(String httpMethod) {
        return switch (httpMethod) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
    }
}
