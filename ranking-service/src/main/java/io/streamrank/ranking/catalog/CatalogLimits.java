package io.streamrank.ranking.catalog;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What a catalog item may hold, the same for {@code PUT /v1/catalog/items} and the start-up CSV (the REST request's
 * bean-validation annotations use these constants; the controller and the CSV call the checks).
 */
final class CatalogLimits {

    /** A listing time this far ahead of the server clock is refused: it would keep the item "new" (and boosted). */
    static final long MAX_FUTURE_MS = Duration.ofHours(1).toMillis();
    static final int PRICE_INTEGER_DIGITS = 12;
    static final int PRICE_FRACTION_DIGITS = 4;
    static final int MAX_TITLE = 500;

    private CatalogLimits() {
    }

    /** Why {@code createdAt} is refused at server time {@code now}, or {@code null}. */
    static String createdAtProblem(long createdAt, long now) {
        if (createdAt < 0) {
            return "createdAt must not be before 1970 (epoch milliseconds >= 0)";
        }
        if (createdAt > now + MAX_FUTURE_MS) {
            return "createdAt must not be more than 1 hour in the future (epoch milliseconds)";
        }
        return null;
    }

    /**
     * Why a title is refused, or {@code null}: longer than {@value #MAX_TITLE} characters, or holding a control
     * character (a newline, an escape sequence): no product name has one, and a title is shown to shoppers and
     * written to logs and exports by whoever reads the catalog.
     */
    static String titleProblem(String title) {
        if (title.length() > MAX_TITLE) {
            return "title must be at most " + MAX_TITLE + " characters";
        }
        if (title.codePoints().anyMatch(Character::isISOControl)) {
            return "title must not contain control characters";
        }
        return null;
    }

    /**
     * Why a price is refused, or {@code null}: at most 12 integer and 4 fraction digits once trailing zeros are
     * dropped ({@code 19.90000} is fine), not negative; a huge exponent such as {@code 1e1000000000} would be written
     * out in full.
     */
    static String priceProblem(BigDecimal price) {
        if (price.signum() < 0) {
            return "price must be >= 0";
        }
        BigDecimal p = price.stripTrailingZeros();
        int fraction = Math.max(p.scale(), 0);
        long integer = (long) p.precision() - p.scale();
        if (integer > PRICE_INTEGER_DIGITS || fraction > PRICE_FRACTION_DIGITS) {
            return "price must have at most " + PRICE_INTEGER_DIGITS + " integer and " + PRICE_FRACTION_DIGITS
                    + " fraction digits";
        }
        return null;
    }
}
