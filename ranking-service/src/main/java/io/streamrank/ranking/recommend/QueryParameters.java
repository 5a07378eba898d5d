package io.streamrank.ranking.recommend;

import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and validates the query parameters of {@code GET /v1/recommendations} by hand. Bound the declarative way
 * ({@code @RequestParam} with constraint annotations), Spring's argument resolution and Hibernate Validator's method
 * validation ran on every request: ~1 % of the service's CPU in typical profiles at 500 requests/s, 19 % in one taken
 * on a slow spell (ADR 37). Every invalid parameter is reported at once, as {@code errors: [{field, message}]} in an
 * {@code invalid-request} problem.
 */
final class QueryParameters {

    /** Largest {@code k}, on both endpoints. */
    static final int MAX_K = 200;
    /** Largest {@code candidateCount}, and the most {@code candidates} a POST may name. */
    static final int MAX_CANDIDATES = 1000;
    /** The most items {@code exclude} may name, on both endpoints: more than a page holds. */
    static final int MAX_EXCLUDE = 200;

    private static final long[] NO_IDS = new long[0];

    private final HttpServletRequest request;
    private final List<Map<String, String>> errors = new ArrayList<>(0);

    private QueryParameters(HttpServletRequest request) {
        this.request = request;
    }

    /**
     * The query of a GET request; {@code k} and {@code candidateCount} default to the given values.
     *
     * @throws ApiException an {@code invalid-request} problem listing every invalid parameter
     */
    static RecommendationQuery read(HttpServletRequest request, int defaultK, int defaultCandidates) {
        QueryParameters p = new QueryParameters(request);
        long userId = p.number("userId", 1, Long.MAX_VALUE, 0, true);
        int k = (int) p.number("k", 1, MAX_K, defaultK, false);
        int candidateCount = (int) p.number("candidateCount", 1, MAX_CANDIDATES, defaultCandidates, false);
        boolean explain = p.bool("explain");
        long[] exclude = p.ids("exclude", MAX_EXCLUDE);
        long contextItemId = p.number("contextItemId", 1, Long.MAX_VALUE, 0, false);
        long categoryId = p.number("categoryId", 1, Long.MAX_VALUE, 0, false);
        if (!p.errors.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "request parameters are invalid",
                    Map.of("errors", List.copyOf(p.errors)));
        }
        return RecommendationQuery.of(userId, k, null, candidateCount, explain, exclude, contextItemId, categoryId);
    }

    private long number(String name, long min, long max, long absent, boolean required) {
        String text = single(name);
        if (text == null) {
            if (required && errors.stream().noneMatch(e -> name.equals(e.get("field")))) {
                error(name, "is required");
            }
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            error(name, "must be a whole number");
            return absent;
        }
        if (value < min) {
            error(name, "must be greater than or equal to " + min);
        } else if (value > max) {
            error(name, "must be less than or equal to " + max);
        }
        return value;
    }

    /**
     * Item ids, comma-separated and/or the parameter repeated ({@code exclude=1,2&exclude=3}), as a page's links are
     * built either way; at most {@code max} of them, each a whole number above 0.
     */
    private long[] ids(String name, int max) {
        String[] values = values(name);
        if (values == null) {
            return NO_IDS;
        }
        long[] ids = new long[Math.min(max + 1, 16)];
        int n = 0;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String text = part.strip();
                if (text.isEmpty()) {
                    continue;
                }
                long id;
                try {
                    id = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    id = 0;
                }
                if (id < 1) {
                    error(name, "must be item ids (whole numbers above 0), separated by commas");
                    return NO_IDS;
                }
                if (n == max) {
                    error(name, "must name at most " + max + " items");
                    return NO_IDS;
                }
                if (n == ids.length) {
                    ids = Arrays.copyOf(ids, Math.min(max, ids.length * 2));
                }
                ids[n++] = id;
            }
        }
        return Arrays.copyOf(ids, n);
    }

    private boolean bool(String name) {
        String text = single(name);
        if (text == null) {
            return false;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(name, "must be true or false");
                yield false;
            }
        };
    }

    /** The parameter's one value, trimmed; {@code null} when absent or empty. */
    private String single(String name) {
        String[] values = values(name);
        if (values == null) {
            return null;
        }
        if (values.length > 1) {
            error(name, "must be given once");
            return null;
        }
        String v = values[0].strip();
        return v.isEmpty() ? null : v;
    }

    /** Every value of the parameter, or {@code null} when absent. */
    private String[] values(String name) {
        try {
            return request.getParameterValues(name);
        } catch (IllegalStateException e) {
            // Tomcat throws (InvalidParameterException) when it cannot decode the query string: a bad %-escape, or
            // more parameters than the connector allows. That is the client's request, not a server fault.
            throw new ApiException(ProblemType.INVALID_REQUEST, "the query string cannot be decoded (invalid "
                    + "%-encoding or too many parameters)");
        }
    }

    private void error(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
    }
}
