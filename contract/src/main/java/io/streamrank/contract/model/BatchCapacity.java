package io.streamrank.contract.model;

import java.util.Locale;

/**
 * How many rows a {@link ModelInputBatch} may hold, and how its arrays grow up to that. All rows' features are one
 * {@code float[]} of {@code rows × FEATURE_COUNT} and all contexts one {@code long[]} of {@code contexts ×
 * CONTEXT_ITEMS} (schema 2 repeats a context per row): with int products, about 2^28 rows overflowed into a
 * {@link NegativeArraySizeException} or, growing, into arrays shorter than their rows.
 */
final class BatchCapacity {

    /** The longest array a JVM reliably allocates ({@code jdk.internal.util.ArraysSupport.SOFT_MAX_ARRAY_LENGTH}). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /**
     * Rows whose features, and as many contexts (a batch never has more contexts than rows), fit in one array each:
     * 107,374,181 with 20 context items a row.
     */
    static final int MAX_ROWS = MAX_ARRAY_LENGTH
            / Math.max(ModelSignature.FEATURE_COUNT, ModelSignature.CONTEXT_ITEMS);

    private BatchCapacity() {
    }

    /**
     * {@code rows} as an array capacity.
     *
     * @throws IllegalArgumentException naming the limit when it is over {@link #MAX_ROWS}
     */
    static int rows(long rows) {
        if (rows > MAX_ROWS) {
            throw tooMany(rows);
        }
        return (int) Math.max(0, rows);
    }

    /**
     * The capacity after {@code capacity} rows (or contexts) filled up: doubled, at most {@link #MAX_ROWS}.
     *
     * @throws IllegalArgumentException naming the limit when {@code capacity} is the limit already
     */
    static int grown(int capacity) {
        if (capacity >= MAX_ROWS) {
            throw tooMany(capacity + 1L);
        }
        return (int) Math.min(MAX_ROWS, Math.max(1L, 2L * capacity));
    }

    private static IllegalArgumentException tooMany(long rows) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "a model input batch holds at most %,d rows "
                + "(ModelInputBatch.MAX_ROWS: each input is one Java array), not %,d", MAX_ROWS, rows));
    }
}
