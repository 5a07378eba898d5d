package io.streamrank.ranking.cache;

import java.time.Duration;

/**
 * A shared cache that the start-up warm-up fills before the first request, while Redis tracks its keys, so that what
 * it reads stays until Redis announces a change (ADR 56, ADR 57): item values, catalog entries, retrieval lists.
 */
public interface Preloaded {

    /** The budget of one preload round: larger than a request's, nobody waits on it but the start-up. */
    Duration ROUND_BUDGET = Duration.ofSeconds(2);

    /**
     * What to read: items (the served model's first, then others the feature store has values for) and categories
     * (those with a trending list).
     */
    record Ids(long[] items, long[] categories) {
    }

    /**
     * Reads what the cache holds neither fresh nor stale for the items or categories, {@code batch} keys per Redis
     * round, one round at a time and awaited.
     *
     * @return how many values were read
     * @throws RuntimeException when a read fails (the warm-up logs it and goes on)
     */
    int preload(Ids ids, int batch);

    /** What it reads, for the warm-up's log line. */
    String what();
}
