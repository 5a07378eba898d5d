package io.streamrank.ranking.cache;

import java.time.Duration;

/**
 * A shared cache that the start-up warm-up fills with what the served model's items need before the first request,
 * while Redis tracks its keys, so that what it reads stays until Redis announces a change (ADR 56, ADR 57): item
 * values, catalog entries, co-visitation lists.
 */
public interface Preloaded {

    /** The budget of one preload round: larger than a request's, nobody waits on it but the start-up. */
    Duration ROUND_BUDGET = Duration.ofSeconds(2);

    /**
     * Reads what the cache holds neither fresh nor stale for the items, {@code batch} keys per Redis round, one round
     * at a time and awaited.
     *
     * @return how many values were read
     * @throws RuntimeException when a read fails (the warm-up logs it and goes on)
     */
    int preload(long[] itemIds, int batch);

    /** The Redis keys it reads, {@code *} standing for the item id: for the warm-up's log line. */
    String keyPattern();
}
